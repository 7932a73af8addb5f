package dev.herald.core.sequence;

import dev.herald.core.event.Event;
import dev.herald.core.hub.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Puts each tenant's frames in {@code seq} order, once each, before they reach this node's history and hub.
 *
 * <p>In a cluster, frames of one tenant published on several nodes arrive interleaved (and a broker may lose
 * some). The store assigns seqs gap-free per tenant, so a frame whose seq is past the next expected one means
 * the frames between are in flight or lost: the sequencer holds it for {@code gapWait}, then reads the missing
 * seqs from the store ({@link GapReader}, off the calling thread) and releases everything in order. A frame at
 * or below the last released seq was already delivered and is dropped; no late event is ever dropped.
 * System frames (no seq) pass straight through.
 *
 * <p>Thread-safety: {@link #accept} may be called from any thread (commit thread, broker thread, gap reads);
 * calls are serialized, and {@code out} is called under that lock, in order, so it must not block. Memory is
 * bounded: at most {@code maxHeld} frames are held per tenant; past that, the gap is read at once, and if the
 * store cannot fill it either, it is skipped (logged and counted) so live delivery resumes and clients
 * recover the rest by seq.
 */
public final class TenantSequencer {
    private static final Logger log = LoggerFactory.getLogger(TenantSequencer.class);
    /** Seqs read from the store per gap read. */
    static final int READ_BATCH = 1_000;

    /** Reads committed events of a tenant from the durable store. Blocking; called on the read executor. */
    @FunctionalInterface
    public interface GapReader {
        List<Event> readAfter(String tenant, long afterSeq, int limit);
    }

    private final Map<String, Stream> streams = new HashMap<>();
    private final GapReader reader;
    private final Executor readExecutor;
    private final ScheduledExecutorService timer;
    private final long gapWaitMillis;
    private final int maxHeld;
    private final Consumer<List<Frame>> out;
    private long gapsFilled;
    private long seqsSkipped;

    public TenantSequencer(Map<String, Long> lastSeqs, GapReader reader, Executor readExecutor,
                           ScheduledExecutorService timer, Duration gapWait, int maxHeld, Consumer<List<Frame>> out) {
        this.reader = reader;
        this.readExecutor = readExecutor;
        this.timer = timer;
        this.gapWaitMillis = gapWait.toMillis();
        this.maxHeld = maxHeld;
        this.out = out;
        lastSeqs.forEach((tenant, seq) -> streams.put(tenant, new Stream(tenant, seq)));
    }

    /** Takes frames from the local publisher or the broker, in any order across tenants and nodes. */
    public synchronized void accept(List<Frame> frames) {
        List<Frame> ready = new ArrayList<>(frames.size());
        for (Frame f : frames) {
            if (f.isSystem() || f.seq() == Event.NO_SEQ) {
                ready.add(f);
            } else {
                stream(f.tenant()).offer(f, ready);
            }
        }
        emit(ready);
    }

    /**
     * Reconciles with the store: for every tenant whose committed seq ({@code committed}) is past what this
     * node released, reads the missing events. Called at start and after the broker reconnects.
     */
    public void catchUp(Map<String, Long> committed) {
        catchUp(committed, false);
    }

    /**
     * The periodic form of {@link #catchUp(Map)}, since a broker may lose a frame that no later frame reveals: a
     * tenant is read only when it was already behind at the previous round and has released nothing since, so
     * events merely in flight through the broker are not read from the store as well.
     */
    public void catchUpIfStuck(Map<String, Long> committed) {
        catchUp(committed, true);
    }

    private void catchUp(Map<String, Long> committed, boolean onlyStuck) {
        List<String> behind = new ArrayList<>();
        synchronized (this) {
            committed.forEach((tenant, seq) -> {
                Stream s = stream(tenant);
                if (seq <= s.released) {
                    s.behindAt = -1;
                } else if (!onlyStuck || s.behindAt == s.released) {
                    behind.add(tenant);
                } else {
                    s.behindAt = s.released;
                }
            });
        }
        behind.forEach(this::readGap);
    }

    /** The last seq released for {@code tenant}, 0 if none. */
    public synchronized long released(String tenant) {
        Stream s = streams.get(tenant);
        return s == null ? 0 : s.released;
    }

    public synchronized long gapsFilled() {
        return gapsFilled;
    }

    public synchronized long seqsSkipped() {
        return seqsSkipped;
    }

    /** Frames held while their tenant has a gap, summed over tenants. */
    public synchronized int held() {
        int n = 0;
        for (Stream s : streams.values()) {
            n += s.held.size();
        }
        return n;
    }

    private Stream stream(String tenant) {
        return streams.computeIfAbsent(tenant, t -> new Stream(t, 0));
    }

    private void emit(List<Frame> ready) {
        if (!ready.isEmpty()) {
            out.accept(ready);
        }
    }

    private void readGap(String tenant) {
        long after;
        synchronized (this) {
            Stream s = stream(tenant);
            if (s.reading) {
                return;
            }
            s.reading = true;
            after = s.released;
        }
        try {
            readExecutor.execute(() -> fill(tenant, after));
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                stream(tenant).reading = false;
            }
        }
    }

    /** On the read executor: reads what follows {@code after} and feeds it back through {@link #accept}. */
    private void fill(String tenant, long after) {
        List<Event> events;
        try {
            events = reader.readAfter(tenant, after, READ_BATCH);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("tenant", tenant).addKeyValue("after", after).setCause(e)
                    .log("cannot read a gap from the store; retrying");
            synchronized (this) {
                Stream s = stream(tenant);
                s.reading = false;
                s.armTimer();
            }
            return;
        }
        List<Frame> frames = new ArrayList<>(events.size());
        for (Event e : events) {
            frames.add(Frame.of(e));
        }
        boolean more;
        synchronized (this) {
            Stream s = stream(tenant);
            s.reading = false;
            List<Frame> ready = new ArrayList<>();
            if (s.released == after) {
                // The store returns every committed seq after `after`, in order: if the first it has (or, when
                // it has none, the first held) is further on, the seqs between are gone (pruned).
                long next = !frames.isEmpty() ? frames.get(0).seq() : s.held.isEmpty() ? 0 : s.held.firstKey();
                if (next > after + 1) {
                    s.skipTo(next, ready);
                }
            }
            for (Frame f : frames) {
                s.offer(f, ready);
            }
            if (!frames.isEmpty()) {
                gapsFilled++;
            }
            emit(ready);
            more = frames.size() == READ_BATCH || (!s.held.isEmpty() && s.held.firstKey() > s.released + 1);
        }
        if (more) {
            readGap(tenant);
        }
    }

    /** One tenant's position: the last seq released and the frames held behind a gap. */
    private final class Stream {
        final String tenant;
        long released;
        final TreeMap<Long, Frame> held = new TreeMap<>();
        boolean reading;
        boolean timerArmed;
        /** {@link #released} when a periodic catch-up last found this tenant behind; -1 when it was not. */
        long behindAt = -1;

        Stream(String tenant, long released) {
            this.tenant = tenant;
            this.released = released;
        }

        void offer(Frame f, List<Frame> ready) {
            long seq = f.seq();
            if (seq <= released) {
                return; // already delivered (a repeat from the broker, or a read that overlapped)
            }
            if (seq == released + 1) {
                ready.add(f);
                released = seq;
                releaseHeld(ready);
                return;
            }
            held.putIfAbsent(seq, f);
            if (held.size() > maxHeld) {
                readGap(tenant);
                if (held.size() > 2 * maxHeld) {
                    skipTo(held.firstKey(), ready);
                }
                return;
            }
            armTimer();
        }

        void releaseHeld(List<Frame> ready) {
            while (!held.isEmpty() && held.firstKey() <= released + 1) {
                Frame next = held.pollFirstEntry().getValue();
                if (next.seq() == released + 1) {
                    ready.add(next);
                    released = next.seq();
                }
            }
        }

        void skipTo(long seq, List<Frame> ready) {
            long missing = seq - released - 1;
            seqsSkipped += missing;
            log.atWarn().addKeyValue("tenant", tenant).addKeyValue("from", released + 1).addKeyValue("missing", missing)
                    .log("seqs cannot be read from the store; skipping them (clients recover by seq)");
            released = seq - 1;
            releaseHeld(ready);
        }

        void armTimer() {
            if (timerArmed || held.isEmpty()) {
                return;
            }
            timerArmed = true;
            try {
                timer.schedule(this::gapTimedOut, gapWaitMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                timerArmed = false; // shutting down
            }
        }

        private void gapTimedOut() {
            boolean stillGap;
            synchronized (TenantSequencer.this) {
                timerArmed = false;
                stillGap = !held.isEmpty() && held.firstKey() > released + 1;
            }
            if (stillGap) {
                readGap(tenant);
            }
        }
    }
}
