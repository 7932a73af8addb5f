package dev.herald.core.history;

import dev.herald.core.hub.Frame;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
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
    private final Duration ttl;
    private final Clock clock;
    /** How often, at most, quiet tenants are looked for (sooner when the ttl is shorter). */
    static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final ConcurrentHashMap<String, Stream> streams = new ConcurrentHashMap<>();
    private final Duration sweepEvery;
    /** Touched by the appending thread only. */
    private Instant nextSweep;

    public History(int size, Duration ttl, Clock clock) {
        this.size = size;
        this.ttl = ttl;
        this.clock = clock;
        this.sweepEvery = ttl.compareTo(SWEEP_EVERY) < 0 ? ttl : SWEEP_EVERY;
        this.nextSweep = clock.instant().plus(sweepEvery);
    }

    /**
     * Adds an event's frame; frames of a tenant come in seq order (one at or below the last is ignored). Call from
     * one thread at a time.
     */
    public void append(Frame f) {
        Instant now = clock.instant();
        Instant notBefore = now.minus(ttl);
        streams.computeIfAbsent(f.tenant(), t -> new Stream()).append(f, now, notBefore);
        if (!now.isBefore(nextSweep)) {
            nextSweep = now.plus(sweepEvery);
            dropQuietTenants(notBefore);
        }
    }

    private void dropQuietTenants(Instant notBefore) {
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
        return s.since(since, limit, clock.instant().minus(ttl));
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

    private final class Stream {
        private final ArrayDeque<Entry> entries = new ArrayDeque<>();
        private long lastSeq;

        synchronized void append(Frame e, Instant now, Instant notBefore) {
            if (e.seq() <= lastSeq) {
                return;
            }
            entries.addLast(new Entry(e, now));
            lastSeq = e.seq();
            while (entries.size() > size) {
                entries.removeFirst();
            }
            evictBefore(notBefore);
        }

        private void evictBefore(Instant notBefore) {
            while (!entries.isEmpty() && entries.peekFirst().at.isBefore(notBefore)) {
                entries.removeFirst();
            }
        }

        /** True when nothing was appended since {@code notBefore}; what it held has expired. */
        synchronized boolean quietSince(Instant notBefore) {
            evictBefore(notBefore);
            return entries.isEmpty();
        }

        synchronized int held() {
            return entries.size();
        }

        synchronized long lastSeq() {
            return lastSeq;
        }

        synchronized Recovery since(long since, int limit, Instant notBefore) {
            evictBefore(notBefore);
            if (since >= lastSeq) {
                return new Recovery(List.of(), true, lastSeq + 1);
            }
            long oldest = entries.isEmpty() ? lastSeq + 1 : entries.peekFirst().event.seq();
            if (since + 1 < oldest) {
                return new Recovery(List.of(), false, oldest);
            }
            List<Frame> out = new ArrayList<>();
            Iterator<Entry> it = entries.descendingIterator();
            while (it.hasNext()) {
                Entry en = it.next();
                if (en.event.seq() <= since) {
                    break;
                }
                out.add(en.event);
            }
            java.util.Collections.reverse(out);
            if (out.size() > limit) {
                out = new ArrayList<>(out.subList(0, limit));
            }
            return new Recovery(out, true, oldest);
        }
    }

    private record Entry(Frame event, Instant at) {
    }
}
