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
 */
public final class History {
    private final int size;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentHashMap<String, Stream> streams = new ConcurrentHashMap<>();

    public History(int size, Duration ttl, Clock clock) {
        this.size = size;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Adds an event's frame; frames of a tenant come in seq order (one at or below the last is ignored). */
    public void append(Frame f) {
        streams.computeIfAbsent(f.tenant(), t -> new Stream()).append(f, clock.instant());
    }

    /** Events of {@code tenant} with {@code seq > since}, at most {@code limit}, oldest first. */
    public Recovery since(String tenant, long since, int limit) {
        Stream s = streams.get(tenant);
        if (s == null) {
            return new Recovery(List.of(), true, 0);
        }
        return s.since(since, limit, clock.instant().minus(ttl));
    }

    /** The last seq accepted for {@code tenant} seen by this history, 0 if none. */
    public long lastSeq(String tenant) {
        Stream s = streams.get(tenant);
        return s == null ? 0 : s.lastSeq();
    }

    private final class Stream {
        private final ArrayDeque<Entry> entries = new ArrayDeque<>();
        private long lastSeq;

        synchronized void append(Frame e, Instant now) {
            if (e.seq() <= lastSeq) {
                return;
            }
            entries.addLast(new Entry(e, now));
            lastSeq = e.seq();
            while (entries.size() > size) {
                entries.removeFirst();
            }
        }

        synchronized long lastSeq() {
            return lastSeq;
        }

        synchronized Recovery since(long since, int limit, Instant notBefore) {
            while (!entries.isEmpty() && entries.peekFirst().at.isBefore(notBefore)) {
                entries.removeFirst();
            }
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
