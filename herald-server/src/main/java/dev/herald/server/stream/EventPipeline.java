package dev.herald.server.stream;

import dev.herald.core.broker.Broker;
import dev.herald.core.event.Event;
import dev.herald.core.history.History;
import dev.herald.core.hub.Frame;
import dev.herald.core.hub.Hub;
import dev.herald.core.sequence.TenantSequencer;
import dev.herald.core.store.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The path of an accepted event to this node's subscribers: broker (frames from every node) → sequencer
 * (each tenant in seq order, gaps filled from the store) → history and hub. System frames ({@code
 * system_status}) concern this node's clients only and go straight to the hub.
 *
 * <p>Lifecycle: {@link #start} warms history from the store, then subscribes to the broker and catches up
 * with what was committed meanwhile; in a cluster it reconciles with the store every {@link #CATCH_UP_EVERY}
 * (reading only tenants stuck behind since the previous round) and whenever the broker reconnects, because
 * pub/sub may lose a frame that no later frame reveals.
 * {@link #close} stops the timers; the broker is closed by its owner.
 */
public final class EventPipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventPipeline.class);
    /** How long a gap in a tenant's seqs may stay open before the store is read. */
    static final Duration GAP_WAIT = Duration.ofMillis(100);
    static final Duration CATCH_UP_EVERY = Duration.ofSeconds(2);
    /** Frames held per tenant behind a gap. */
    static final int MAX_HELD = 10_000;

    private final EventStore store;
    private final Broker broker;
    private final History history;
    private final Hub hub;
    private final ScheduledExecutorService timer;
    private final ThreadPoolExecutor reads;
    private final TenantSequencer sequencer;

    private EventPipeline(EventStore store, Broker broker, History history, Hub hub, Map<String, Long> lastSeqs) {
        this.store = store;
        this.broker = broker;
        this.history = history;
        this.hub = hub;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "herald-sequencer"));
        // Gap reads are few (one in flight per tenant); a full queue drops the read, the next catch-up retries.
        this.reads = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1_000),
                r -> daemon(r, "herald-gap-reader"), new ThreadPoolExecutor.AbortPolicy());
        this.sequencer = new TenantSequencer(lastSeqs, store::readAfter, reads, timer, GAP_WAIT, MAX_HELD, this::release);
    }

    /**
     * Warms {@code history} with the recent events the store holds, subscribes to {@code broker} and catches
     * up. Blocking (store reads): call at start, before the node accepts connections.
     */
    public static EventPipeline start(EventStore store, Broker broker, History history, Hub hub,
                                      Duration historyTtl, int historySize, boolean cluster) {
        Map<String, Long> lastSeqs = store.lastSeqs();
        for (Event e : store.recent(Instant.now().minus(historyTtl), historySize)) {
            if (e.seq() <= lastSeqs.getOrDefault(e.tenant(), 0L)) {
                history.append(Frame.of(e));
            }
        }
        EventPipeline p = new EventPipeline(store, broker, history, hub, lastSeqs);
        if (cluster) {
            broker.onReconnected(() -> p.catchUpSoon(false));
        }
        broker.start(p.sequencer::accept);
        if (cluster) {
            p.sequencer.catchUp(store.lastSeqs());
            long every = CATCH_UP_EVERY.toMillis();
            p.timer.scheduleWithFixedDelay(() -> p.catchUpSoon(true), every, every, TimeUnit.MILLISECONDS);
        }
        return p;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Hands a catch-up to the read threads (it reads the store; the caller may be a broker or timer thread). */
    private void catchUpSoon(boolean onlyStuck) {
        try {
            reads.execute(() -> catchUp(onlyStuck));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // busy or closing: the next round retries
        }
    }

    /** Reads each tenant's committed seq and fills what this node has not released. Never throws. */
    private void catchUp(boolean onlyStuck) {
        try {
            if (onlyStuck) {
                sequencer.catchUpIfStuck(store.lastSeqs());
            } else {
                sequencer.catchUp(store.lastSeqs());
            }
        } catch (RuntimeException e) {
            log.atDebug().setCause(e).log("catch-up with the store failed; retrying on the next round");
        }
    }

    /** Called by the sequencer, in order, under its lock: must not block. */
    private void release(List<Frame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            if (!f.isSystem()) {
                history.append(f);
            }
        }
        hub.dispatch(frames);
    }

    /** Sends a {@code system_status} frame to this node's clients only. */
    public void announce(Frame systemFrame) {
        hub.dispatch(systemFrame);
    }

    /** The last seq this node released for {@code tenant}: what recovery compares a client's {@code since} to. */
    public long released(String tenant) {
        return sequencer.released(tenant);
    }

    public TenantSequencer sequencer() {
        return sequencer;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        reads.shutdownNow();
    }
}
