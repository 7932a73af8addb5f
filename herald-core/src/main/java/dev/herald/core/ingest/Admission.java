package dev.herald.core.ingest;

import dev.herald.core.error.OverloadedException;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Bounds the work publishing can queue, so that under overload publishers are told to back off
 * ({@link OverloadedException}, HTTP 429) instead of latency and memory growing without limit: appends handed to
 * the store and not yet committed, and frames committed but not yet routed by the hub (whose inboxes cannot refuse
 * a durable event, so the bound is applied before the append). Thread-safe; any thread.
 */
public final class Admission {
    /** No bound: for tools that publish one request at a time (CLI) and for tests. */
    public static final Admission UNBOUNDED = new Admission(Integer.MAX_VALUE, Long.MAX_VALUE, () -> 0);

    private final int maxPendingAppends;
    private final long maxFanoutBacklog;
    private final LongSupplier fanoutBacklog;
    private final AtomicInteger pending = new AtomicInteger();

    /**
     * @param maxPendingAppends appends in flight to the store at once
     * @param maxFanoutBacklog  frames the hub may hold unrouted before new publishes are refused
     * @param fanoutBacklog     the hub's current backlog
     */
    public Admission(int maxPendingAppends, long maxFanoutBacklog, LongSupplier fanoutBacklog) {
        this.maxPendingAppends = maxPendingAppends;
        this.maxFanoutBacklog = maxFanoutBacklog;
        this.fanoutBacklog = fanoutBacklog;
    }

    /** Takes a slot for one append, or throws; a taken slot must be given back with {@link #release()}. */
    void acquire() {
        if (fanoutBacklog.getAsLong() > maxFanoutBacklog) {
            throw new OverloadedException("subscribers' event loops are " + fanoutBacklog.getAsLong()
                    + " frames behind; retry later");
        }
        if (pending.incrementAndGet() > maxPendingAppends) {
            pending.decrementAndGet();
            throw new OverloadedException(maxPendingAppends + " publishes are already waiting for the store; retry later");
        }
    }

    void release() {
        pending.decrementAndGet();
    }

    /** Appends handed to the store and not yet completed: the store's queue depth as publishing sees it. */
    public int pending() {
        return pending.get();
    }
}
