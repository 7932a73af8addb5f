package dev.herald.server.stream;

import dev.herald.core.event.Event;
import dev.herald.core.history.Recovery;
import dev.herald.core.hub.Frame;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where one client is in its tenant's stream: the last seq it was sent. Live frames at or below it are
 * skipped, which is what makes "replay, then live" gap-free and duplicate-free. While a replay reads the
 * store, live frames wait here (at most {@code maxHeldBytes}) and follow the replay in order. Used on one
 * event loop.
 */
public final class EventCursor {
    private long lastSeq;
    private int recoveries;
    private ArrayDeque<Frame> heldLive;
    private long heldBytes;

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

    /** True while a replay is reading the store: live frames must go to {@link #hold} instead of the socket. */
    public boolean recovering() {
        return recoveries > 0;
    }

    /** Keeps a live frame until the replay ends; false when that would exceed {@code maxHeldBytes} (a slow consumer). */
    public boolean hold(Frame frame, long maxHeldBytes) {
        if (heldBytes + frame.size() > maxHeldBytes) {
            return false;
        }
        if (heldLive == null) {
            heldLive = new ArrayDeque<>();
        }
        heldLive.add(frame);
        heldBytes += frame.size();
        return true;
    }

    /**
     * Replays what the client missed after {@code since}, through {@code visible}, handing each frame to
     * {@code send} until it returns false, then the live frames held meanwhile; {@code done} gets the recovery,
     * whose {@code complete() == false} means neither history nor the store reaches back that far. Runs on
     * {@code context}, the caller's event loop; {@code done} may run later (after a store read).
     */
    public void replay(RecoverySource source, io.vertx.core.Context context, String tenant, long since, Predicate<Frame> visible,
                       Predicate<Frame> send, Consumer<Recovery> done) {
        recoveries++;
        source.since(context, tenant, since).onComplete(ar -> {
            recoveries--;
            Recovery r = ar.succeeded() ? ar.result() : new Recovery(java.util.List.of(), false, since + 1);
            boolean open = true;
            if (r.complete()) {
                for (Frame f : r.events()) {
                    if (admit(f.seq()) && visible.test(f) && !send.test(f)) {
                        open = false;
                        break;
                    }
                }
            }
            if (!recovering()) {
                open = releaseHeld(send, open);
            }
            if (open) {
                done.accept(r);
            }
        });
    }

    private boolean releaseHeld(Predicate<Frame> send, boolean open) {
        ArrayDeque<Frame> held = heldLive;
        heldLive = null;
        heldBytes = 0;
        if (held == null) {
            return open;
        }
        for (Frame f : held) {
            if (!open) {
                break;
            }
            if (admit(f.seq()) && !send.test(f)) {
                open = false;
            }
        }
        return open;
    }
}
