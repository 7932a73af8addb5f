package dev.herald.core.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Webhook deliveries and their attempts. Deliveries are created by the event store's {@link
 * dev.herald.core.store.Outbox} in the event's own transaction; from then on this store owns them.
 *
 * <p>Claims use leases so that several dispatchers (nodes) can share the table: a claimed delivery is
 * invisible to other claims until its lease runs out, and a dispatcher that dies mid-attempt leaves a lease
 * that simply expires, after which the delivery is claimed and attempted again (at least once). Calls block
 * (I/O): never call them on an event loop.
 */
public interface DeliveryStore {

    /**
     * Leases up to {@code max} deliveries that are due at {@code now} — pending ones whose next attempt has
     * come, and any with a hand-triggered attempt — oldest due first, at most {@code freeSlots(endpointId)}
     * per endpoint, none of the endpoints in {@code full} (those known to have no free slot, skipped cheaply).
     * Deliveries of a disabled endpoint are never claimed: they wait, and are due again once it is enabled.
     */
    List<ClaimedDelivery> claim(Instant now, Duration lease, String owner, int max, ToIntFunction<String> freeSlots,
                                java.util.Set<String> full);

    /**
     * Records one attempt and its consequence in one transaction: the attempt row, the delivery's new status
     * and next attempt time (null when settled), the lease released, and the endpoint's failure streak
     * (reset by a success, extended by a failure).
     *
     * <p>Only the lease's owner records: when the delivery is no longer held under this very claim (same
     * {@link ClaimedDelivery#owner() owner} and {@link ClaimedDelivery#leaseUntil() lease}) — its lease ran out
     * and another dispatcher claimed it, or it was released — nothing is written and the outcome says
     * {@code recorded == false}; the other claim's attempt is the one that counts.
     *
     * <p>A failed attempt also keeps the time its streak began (the first failed attempt after a success); when
     * the endpoint has been failing for {@link FailurePolicy#disableAfter()} by this attempt's time, this attempt
     * disables it ({@link Endpoint#DISABLED_FAILING}) — once: the outcome says {@code disabledNow} for exactly one
     * attempt, also when several dispatchers record at once.
     *
     * @return the endpoint's streak after this attempt, and whether this attempt is the one that should send
     *         the streak's single notification (the first to reach {@code notifyAfter})
     */
    default Outcome record(ClaimedDelivery delivery, Attempt attempt, DeliveryStatus status, Instant nextAttemptAt,
                           FailurePolicy policy) {
        return recordAll(List.of(new Recorded(delivery, attempt, status, nextAttemptAt)), policy).get(0);
    }

    /** {@link #record} with a policy that never disables. */
    default Outcome record(ClaimedDelivery delivery, Attempt attempt, DeliveryStatus status, Instant nextAttemptAt,
                           int notifyAfter) {
        return record(delivery, attempt, status, nextAttemptAt, FailurePolicy.notifyingAfter(notifyAfter));
    }

    /** {@link #record} for several attempts in one transaction (one disk sync); outcomes in the same order. */
    List<Outcome> recordAll(List<Recorded> attempts, FailurePolicy policy);

    /** {@link #recordAll(List, FailurePolicy)} with a policy that never disables. */
    default List<Outcome> recordAll(List<Recorded> attempts, int notifyAfter) {
        return recordAll(attempts, FailurePolicy.notifyingAfter(notifyAfter));
    }

    /**
     * {@link #recordAll} and then {@link #claim}, in one transaction where the store can (SQLite: one commit, one
     * write lock, for a dispatcher's round instead of two; issue #15), otherwise one after the other. The claim sees
     * the attempts just recorded (a delivery scheduled again is not due at once). {@code attempts} may be empty;
     * {@code max} 0 claims nothing. When it throws, the attempts may be unrecorded: their leases run out and they
     * are attempted again (at least once).
     */
    default RecordedAndClaimed recordAndClaim(List<Recorded> attempts, FailurePolicy policy, Instant now, Duration lease,
                                              String owner, int max, ToIntFunction<String> freeSlots,
                                              java.util.Set<String> full) {
        List<Outcome> outcomes = attempts.isEmpty() ? List.of() : recordAll(attempts, policy);
        return new RecordedAndClaimed(outcomes, max > 0 ? claim(now, lease, owner, max, freeSlots, full) : List.of());
    }

    /** What {@link #recordAndClaim} did: the outcomes, in the order of the attempts, and the deliveries leased. */
    record RecordedAndClaimed(List<Outcome> outcomes, List<ClaimedDelivery> claimed) {
    }

    /**
     * What a failure streak leads to.
     *
     * @param notifyAfter  consecutive failed attempts that send the streak's one notification
     * @param disableAfter how long an endpoint may fail without a success before it is disabled; null: never
     */
    record FailurePolicy(int notifyAfter, Duration disableAfter) {
        public static FailurePolicy notifyingAfter(int notifyAfter) {
            return new FailurePolicy(notifyAfter, null);
        }
    }

    /** One finished attempt and what it means for its delivery. */
    record Recorded(ClaimedDelivery delivery, Attempt attempt, DeliveryStatus status, Instant nextAttemptAt) {
    }

    /**
     * @param recorded    false when the attempt was not written because its claim was lost (see {@link #record})
     * @param disabledNow this attempt disabled the endpoint for failing (see {@link #record}); tell its owner
     */
    record Outcome(int failureStreak, boolean sendNotification, boolean recorded, boolean disabledNow) {
        /** The outcome of an attempt whose claim was lost: nothing written, nothing to notify. */
        public static final Outcome NOT_RECORDED = new Outcome(0, false, false, false);

        public Outcome(int failureStreak, boolean sendNotification, boolean recorded) {
            this(failureStreak, sendNotification, recorded, false);
        }
    }

    Optional<Delivery> find(String tenant, String id);

    /** The deliveries of one event (one per endpoint it went to), oldest first, with their attempts. */
    List<Delivery> forEvent(String tenant, String eventId);

    /** Newest first. {@code cursor} is the {@code next_cursor} of the previous page, or null for the first. */
    Page list(String tenant, String endpointId, DeliveryStatus status, int limit, String cursor);

    record Page(List<Delivery> data, String nextCursor) {
    }

    /** Asks for one attempt now (outside the schedule); empty when there is no such delivery. */
    Optional<Delivery> retryNow(String tenant, String id, Instant now);

    /** One new attempt for every failed delivery of the endpoint created at or after {@code since}; how many. */
    int recover(String tenant, String endpointId, Instant since, Instant now);

    /**
     * Deletes up to {@code max} finished deliveries (succeeded or failed, no attempt due or claimed) created before
     * {@code cutoff}, with their attempts, in one short transaction. Pending deliveries are kept however old (an
     * endpoint disabled for a month still gets them once enabled). Blocking; call it off the hot paths.
     */
    dev.herald.core.store.PruneBatch pruneFinished(Instant cutoff, int max);

    /** Voids every lease (for a store that only one node uses, at its start); how many. */
    int releaseLeases();

    /**
     * Voids the leases held by {@code owner} only (a cluster node at its start, releasing what its previous
     * process left); other nodes' claims are untouched. How many.
     */
    int releaseLeasesOf(String owner);
}
