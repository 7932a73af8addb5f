package dev.herald.core.store;

import dev.herald.core.event.Event;
import dev.herald.core.event.NewEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Durable, numbered event log, one stream per tenant.
 *
 * <p>Guarantees: {@link #append} is all-or-nothing for its list; it assigns each new event the next seq of
 * its tenant (strictly increasing, gap-free); an id accepted in the last 24 h is not stored again but
 * reported as a duplicate with its original seq. The future completes only once the events are durable.
 * It completes exceptionally — never successfully for what did not commit — with
 * {@link StoreUnavailableException} when the database cannot be reached within the store's timeout.
 */
public interface EventStore extends AutoCloseable {

    /** Idempotency window for event ids. */
    java.time.Duration DEDUPE_WINDOW = java.time.Duration.ofHours(24);

    CompletableFuture<List<AppendResult>> append(String tenant, List<NewEvent> events);

    /**
     * Registers the one listener told of newly accepted events (duplicates excluded). It is called on the
     * store's commit thread, in seq order per tenant, after the events are durable and before the futures of
     * their appends complete — so an accepted event is already visible to subscribers when its publisher
     * hears back. It must not block.
     */
    void onCommitted(Consumer<List<Event>> listener);

    /** The event {@code id} of {@code tenant}, while the store still holds it (until pruned). Blocking; any thread. */
    java.util.Optional<Event> find(String tenant, String id);

    /** Events of {@code tenant} with {@code seq > afterSeq}, ascending, at most {@code limit}. */
    List<Event> readAfter(String tenant, long afterSeq, int limit);

    /** For warming the in-memory history at start: the newest {@code perTenant} events of each tenant accepted at or after {@code notBefore}, ascending per tenant. */
    List<Event> recent(Instant notBefore, int perTenant);

    /**
     * Deletes up to {@code max} events accepted before {@code cutoff}, in one short transaction, so that a caller
     * looping over batches never holds the writer for long. A tenant's seq never goes back because of pruning: its
     * next event still gets the next seq, also after a restart. The idempotency window ({@link #DEDUPE_WINDOW})
     * lives in these rows, so the caller keeps at least that much. Blocking; call it off the hot paths.
     */
    PruneBatch pruneBatch(Instant cutoff, int max);

    /** Deletes every event accepted before {@code cutoff}, batch by batch; returns how many. */
    default int prune(Instant cutoff) {
        int total = 0;
        for (PruneBatch b = pruneBatch(cutoff, 1000); b.rows() > 0; b = pruneBatch(cutoff, 1000)) {
            total += b.rows();
        }
        return total;
    }

    /**
     * The last committed seq of every tenant that has one, as the store holds it now (across every node that
     * writes to the same store). A tenant whose events were all pruned may be absent. Blocking; any thread.
     *
     * @throws StoreUnavailableException when the store cannot be reached
     */
    Map<String, Long> lastSeqs();

    /**
     * Whether appends can currently succeed: false once the store's writer has died, or while its database does
     * not answer. Cheap and non-blocking (a cached view refreshed by the store); any thread.
     */
    default boolean healthy() {
        return true;
    }

    @Override
    void close();
}
