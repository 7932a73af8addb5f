package dev.herald.core.ingest;

import dev.herald.core.broker.Broker;
import dev.herald.core.event.Event;
import dev.herald.core.event.NewEvent;
import dev.herald.core.hub.Frame;
import dev.herald.core.store.AppendResult;
import dev.herald.core.store.EventStore;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * The one way events enter Herald (HTTP, the embedded Java API, the CLI): validated events are appended to
 * the store; once durable their frames go to the broker (which hands them to this node's sequencer at once and
 * to the other nodes), in seq order, before the caller hears back.
 */
public final class Publisher {
    private final EventStore store;
    private final Broker broker;
    private final LongAdder accepted = new LongAdder();
    private final Admission admission;
    private volatile LongConsumer durableNanos = n -> { };

    public Publisher(EventStore store, Broker broker) {
        this(store, broker, Admission.UNBOUNDED);
    }

    public Publisher(EventStore store, Broker broker, Admission admission) {
        this.store = store;
        this.broker = broker;
        this.admission = admission;
        store.onCommitted(this::fanOut);
    }

    /**
     * Appends {@code events} for {@code tenant}, all or nothing. Completes once they are durable and visible
     * to subscribers; duplicates (ids accepted in the last 24 h) are reported and not delivered again. Fails at
     * once with {@link dev.herald.core.error.OverloadedException} (nothing accepted) when the bounds of its
     * {@link Admission} are reached. The stage may complete on the store's commit thread: callers that do more than
     * hand the result on must move to their own thread first.
     */
    public CompletionStage<List<AppendResult>> publish(String tenant, List<NewEvent> events) {
        try {
            admission.acquire();
        } catch (dev.herald.core.error.OverloadedException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        java.util.concurrent.CompletableFuture<List<AppendResult>> appended;
        long start = System.nanoTime();
        try {
            appended = store.append(tenant, events);
        } catch (RuntimeException e) {
            admission.release();
            throw e;
        }
        return appended.whenComplete((r, e) -> {
            admission.release();
            if (e == null) {
                durableNanos.accept(System.nanoTime() - start);
            }
        });
    }

    /**
     * Registers the one listener told, for each publish that succeeded, how long it took from the call until its events
     * were durable and handed to the broker (waiting for the store's writer, the write, the commit's sync). Called on
     * the store's commit thread; it must be cheap and must not block.
     */
    public void onDurable(LongConsumer listener) {
        this.durableNanos = listener;
    }

    public Admission admission() {
        return admission;
    }

    /** Runs on the store's commit thread, in seq order. */
    private void fanOut(List<Event> committed) {
        List<Frame> frames = new java.util.ArrayList<>(committed.size());
        for (Event e : committed) {
            frames.add(Frame.of(e));
        }
        broker.publish(frames);
        accepted.add(committed.size());
    }

    public long acceptedCount() {
        return accepted.sum();
    }
}
