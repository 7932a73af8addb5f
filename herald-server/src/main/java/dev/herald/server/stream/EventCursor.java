package dev.herald.server.stream;

import dev.herald.core.event.Event;
import dev.herald.core.history.History;
import dev.herald.core.history.Recovery;

import java.util.function.Predicate;

/**
 * Where one client is in its tenant's stream: the last seq it was sent. Live frames at or below it are
 * skipped, which is what makes "replay, then live" gap-free and duplicate-free. Used on one event loop.
 */
public final class EventCursor {
    private long lastSeq;

    /** Whether a live frame with {@code seq} is new to this client (and remembers it). System frames always are. */
    public boolean admit(long seq) {
        if (seq == Event.NO_SEQ) {
            return true;
        }
        if (seq <= lastSeq) {
            return false;
        }
        lastSeq = seq;
        return true;
    }

    /**
     * Replays what the client missed after {@code since}, through {@code visible}, handing each event to
     * {@code send} until it returns false. Returns the recovery, whose {@code complete() == false} means
     * history no longer reaches back that far.
     */
    public Recovery replay(History history, String tenant, long since, Predicate<Event> visible, Predicate<Event> send) {
        Recovery r = history.since(tenant, since, Integer.MAX_VALUE);
        if (!r.complete()) {
            return r;
        }
        for (Event e : r.events()) {
            if (!admit(e.seq())) {
                continue;
            }
            if (visible.test(e) && !send.test(e)) {
                break;
            }
        }
        return r;
    }
}
