package dev.herald.core.history;

import dev.herald.core.hub.Frame;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent events of each tenant, in memory, as the frames subscribers were sent, for recovery by seq: at
 * most {@code size} per tenant, none older than {@code ttl}. Fed in seq order by the node's sequencer with
 * every event of the tenant, whichever node published it. Thread-safe: appended on the sequencer's thread,
 * read from I/O threads.
 *
 * <p>Memory is bounded by what is live, not by what ever was: expired events are dropped when the tenant appends
 * (not only when someone reads), and a tenant that has published nothing for longer than {@code ttl} is dropped
 * altogether, checked at most every {@link #SWEEP_EVERY} while events arrive. Dropping loses nothing recovery
 * needs: a tenant without a stream answers like one whose events expired (callers fall back to the store).
 */
public final class History {
    private final int size;
    private final long ttlMillis;
    private final Clock clock;
    /** How often, at most, quiet tenants are looked for (sooner when the ttl is shorter). */
    static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final ConcurrentHashMap<String, Stream> streams = new ConcurrentHashMap<>();
    private final long sweepEveryMillis;
    /** Epoch ms; touched by the appending thread only. */
    private long nextSweep;

    public History(int size, Duration ttl, Clock clock) {
        this.size = size;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
        this.sweepEveryMillis = Math.min(ttlMillis, SWEEP_EVERY.toMillis());
        this.nextSweep = clock.millis() + sweepEveryMillis;
    }

    /**
     * Adds an event's frame; frames of a tenant come in seq order (one at or below the last is ignored). Call from
     * one thread at a time.
     */
    public void append(Frame f) {
        long now = clock.millis();
        long notBefore = now - ttlMillis;
        streams.computeIfAbsent(f.tenant(), t -> new Stream()).append(f, now, notBefore);
        if (now >= nextSweep) {
            nextSweep = now + sweepEveryMillis;
            dropQuietTenants(notBefore);
        }
    }

    private void dropQuietTenants(long notBefore) {
        for (String tenant : streams.keySet()) {
            streams.computeIfPresent(tenant, (t, s) -> s.quietSince(notBefore) ? null : s);
        }
    }

    /** Tenants with a stream in memory. */
    public int tenantCount() {
        return streams.size();
    }

    /** Events of {@code tenant} with {@code seq > since}, at most {@code limit}, oldest first. */
    public Recovery since(String tenant, long since, int limit) {
        Stream s = streams.get(tenant);
        if (s == null) {
            return new Recovery(List.of(), true, 0);
        }
        return s.since(since, limit, clock.millis() - ttlMillis);
    }

    /** Events of {@code tenant} held in memory now (expired ones may linger until the tenant's next append or read). */
    public int held(String tenant) {
        Stream s = streams.get(tenant);
        return s == null ? 0 : s.held();
    }

    /** The last seq accepted for {@code tenant} seen by this history, 0 if none (also once the tenant went quiet and was dropped). */
    public long lastSeq(String tenant) {
        Stream s = streams.get(tenant);
        return s == null ? 0 : s.lastSeq();
    }

    /**
     * One tenant's frames, oldest first, in a ring of two parallel arrays (frame, time appended in epoch ms) that
     * grows by doubling up to {@code size}: no object per entry beside the frame itself.
     */
    private final class Stream {
        private Frame[] frames = new Frame[16];
        private long[] at = new long[16];
        /** Index of the oldest entry. */
        private int head;
        private int count;
        private long lastSeq;

        synchronized void append(Frame e, long now, long notBefore) {
            if (e.seq() <= lastSeq) {
                return;
            }
            lastSeq = e.seq();
            if (size == 0) { // history off: only the last seq is kept
                return;
            }
            if (count == size) {
                removeOldest();
            } else if (count == frames.length) {
                grow();
            }
            int tail = (head + count) % frames.length;
            frames[tail] = e;
            at[tail] = now;
            count++;
            evictBefore(notBefore);
        }

        private void grow() {
            int capacity = (int) Math.min(size, 2L * frames.length);
            Frame[] f = new Frame[capacity];
            long[] a = new long[capacity];
            for (int i = 0; i < count; i++) {
                f[i] = frames[(head + i) % frames.length];
                a[i] = at[(head + i) % frames.length];
            }
            frames = f;
            at = a;
            head = 0;
        }

        private void removeOldest() {
            frames[head] = null;
            head = (head + 1) % frames.length;
            count--;
        }

        private Frame get(int i) {
            return frames[(head + i) % frames.length];
        }

        private void evictBefore(long notBefore) {
            while (count > 0 && at[head] < notBefore) {
                removeOldest();
            }
        }

        /** True when nothing was appended since {@code notBefore}; what it held has expired. */
        synchronized boolean quietSince(long notBefore) {
            evictBefore(notBefore);
            return count == 0;
        }

        synchronized int held() {
            return count;
        }

        synchronized long lastSeq() {
            return lastSeq;
        }

        synchronized Recovery since(long since, int limit, long notBefore) {
            evictBefore(notBefore);
            if (since >= lastSeq) {
                return new Recovery(List.of(), true, lastSeq + 1);
            }
            long oldest = count == 0 ? lastSeq + 1 : get(0).seq();
            if (since + 1 < oldest) {
                return new Recovery(List.of(), false, oldest);
            }
            int first = count; // the first entry with seq > since
            while (first > 0 && get(first - 1).seq() > since) {
                first--;
            }
            int n = Math.min(limit, count - first);
            List<Frame> out = new ArrayList<>(n);
            for (int i = first; i < first + n; i++) {
                out.add(get(i));
            }
            return new Recovery(out, true, oldest);
        }
    }
}
