package dev.herald.server.stream;

import dev.herald.core.event.Event;
import dev.herald.core.history.Recovery;
import dev.herald.core.hub.Frame;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where one client is in its tenant's stream: the last seq it was sent. Live frames at or below it are
 * skipped, which is what makes "replay, then live" gap-free and duplicate-free. While a replay reads the
 * store or is being written, live frames wait here (at most {@code maxHeldBytes}) and follow the replay in order.
 *
 * <p>A replay is paced: frames are written while the client's queue has room ({@link ReplayOutput#fits}) and the rest
 * waits until the client has read them, so a replay far larger than {@code limits.client_queue_bytes} reaches a
 * reading client whole. A client that does not read keeps its replay waiting while live frames pile up here; once
 * they pass {@code maxHeldBytes} it is a slow consumer (4008), as any client whose queue is full.
 * Used on one event loop.
 */
public final class EventCursor {
    /** One recovery still to be written: its frames from {@code next} on, then {@code done}. */
    private static final class Pending {
        final List<Frame> frames;
        final Predicate<Frame> visible;
        final Runnable done;
        int next;

        Pending(List<Frame> frames, Predicate<Frame> visible, Runnable done) {
            this.frames = frames;
            this.visible = visible;
            this.done = done;
        }
    }

    private long lastSeq;
    /** Store reads under way. */
    private int recoveries;
    /** Recoveries read and not yet fully written, oldest first; null when none (most of a connection's life). */
    private ArrayDeque<Pending> unwritten;
    private ArrayDeque<Frame> heldLive;
    private long heldBytes;
    /** True while a replay waits for the client to read what it wrote. */
    private boolean waiting;
    private ReplayOutput out;

    /** Whether a live frame with {@code seq} is new to this client (and remembers it). System frames always are. */
    public boolean admit(long seq) {
        if (!isNew(seq)) {
            return false;
        }
        if (seq != Event.NO_SEQ) {
            lastSeq = seq;
        }
        return true;
    }

    private boolean isNew(long seq) {
        return seq == Event.NO_SEQ || seq > lastSeq;
    }

    /** True while a replay is reading the store or being written: live frames must go to {@link #hold} instead of the socket. */
    public boolean recovering() {
        return recoveries > 0 || unwritten != null || heldLive != null;
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
     * Replays what the client missed after {@code since}, through {@code visible}, to {@code out} (paced to the
     * client's reading, see the class comment), then the live frames held meanwhile; {@code done} gets the recovery
     * once its frames are written, unless the connection closed first. {@code complete() == false} means neither
     * history nor the store reaches back that far. Runs on {@code context}, the caller's event loop; the replay goes
     * on there later (after a store read, after the client read).
     */
    public void replay(RecoverySource source, io.vertx.core.Context context, String tenant, long since, Predicate<Frame> visible,
                       ReplayOutput out, Consumer<Recovery> done) {
        this.out = out;
        recoveries++;
        source.since(context, tenant, since).onComplete(ar -> {
            recoveries--;
            Recovery r = ar.succeeded() ? ar.result() : new Recovery(List.of(), false, since + 1);
            if (unwritten == null) {
                unwritten = new ArrayDeque<>(4);
            }
            unwritten.add(new Pending(r.complete() ? r.events() : List.of(), visible, () -> done.accept(r)));
            if (!waiting) {
                write();
            }
        });
    }

    /** Writes what is unwritten until the client's queue is full (then again once it has read), or all is written. */
    private void write() {
        while (unwritten != null && !unwritten.isEmpty()) {
            Pending p = unwritten.peek();
            while (p.next < p.frames.size()) {
                Frame f = p.frames.get(p.next);
                if (!isNew(f.seq()) || !p.visible.test(f)) {
                    admit(f.seq());
                    p.next++;
                    continue;
                }
                if (!out.fits(f)) {
                    pause();
                    return;
                }
                p.next++;
                admit(f.seq());
                if (!out.send(f)) {
                    stop();
                    return;
                }
            }
            unwritten.poll();
            out.flush();
            p.done.run();
        }
        unwritten = null;
        if (recoveries > 0) {
            return; // a store read is under way: the live frames wait for its replay too
        }
        while (heldLive != null && !heldLive.isEmpty()) {
            Frame f = heldLive.peek();
            if (isNew(f.seq()) && !out.fits(f)) {
                pause();
                return;
            }
            heldLive.poll();
            heldBytes -= f.size();
            if (admit(f.seq()) && !out.send(f)) {
                stop();
                return;
            }
        }
        heldLive = null;
        heldBytes = 0;
        out.flush();
    }

    private void pause() {
        waiting = true;
        out.afterDrain(() -> {
            waiting = false;
            write();
        });
    }

    /** The connection closed: nothing more to write. */
    private void stop() {
        unwritten = null;
        heldLive = null;
        heldBytes = 0;
    }
}
