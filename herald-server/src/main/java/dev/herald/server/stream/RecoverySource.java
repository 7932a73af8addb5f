package dev.herald.server.stream;

import dev.herald.core.event.Event;
import dev.herald.core.history.History;
import dev.herald.core.history.Recovery;
import dev.herald.core.hub.Frame;
import dev.herald.core.store.EventStore;
import io.vertx.core.Future;
import io.vertx.core.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * What a reconnecting client missed after a seq, from wherever it still is: this node's history when it
 * reaches back, otherwise the store (every node's events, read in pages off the event loop) joined to
 * history once history takes over. {@code complete = false} only when the store no longer has the seqs
 * either (pruned), or when more than {@value #MAX_FROM_STORE} events are missing.
 *
 * <p>Store reads are shared: what one replay read (as frames, encoded once) is kept in {@link StoreWindows} for the
 * replays that follow, and replays of one tenant that need the store take turns, so a storm of clients coming back
 * with nearby {@code since}s reads each missed event from the store once, not once per client.
 */
public final class RecoverySource {
    static final int PAGE = 1_000;
    static final int MAX_FROM_STORE = 50_000;

    private final History history;
    private final EventStore store;
    private final ToLongFunction<String> released;
    private final StoreWindows windows = new StoreWindows(MAX_FROM_STORE, java.util.concurrent.TimeUnit.SECONDS.toNanos(60));
    /** Replays of one tenant that read the store take turns (striped by tenant), so the second finds the first's window. */
    private final Object[] storeTurns = new Object[64];

    /** @param released the last seq this node released for a tenant (its sequencer's position) */
    public RecoverySource(History history, EventStore store, ToLongFunction<String> released) {
        this.history = history;
        this.store = store;
        this.released = released;
        for (int i = 0; i < storeTurns.length; i++) {
            storeTurns[i] = new Object();
        }
    }

    /**
     * Completes on {@code context} (the caller's event loop); at once when history covers it, else after store reads
     * on a worker. The context is passed, not looked up: a detached WebSocket's messages arrive straight from Netty,
     * outside any Vert.x dispatch, where {@code Vertx.currentContext()} is null.
     */
    public Future<Recovery> since(Context context, String tenant, long since) {
        long last = released.applyAsLong(tenant);
        if (since >= last) {
            return Future.succeededFuture(new Recovery(List.of(), true, last + 1));
        }
        Recovery fromHistory = history.since(tenant, since, Integer.MAX_VALUE);
        if (reachesBack(fromHistory, since)) {
            return Future.succeededFuture(fromHistory);
        }
        return context.executeBlocking(() -> fromStore(tenant, since, last), false);
    }

    private static boolean reachesBack(Recovery r, long since) {
        return r.complete() && !r.events().isEmpty() && r.events().get(0).seq() == since + 1;
    }

    /** Blocking: pages from the store (or the window a previous replay left) until history takes over, the store ends, or the cap is reached. */
    private Recovery fromStore(String tenant, long since, long last) {
        synchronized (storeTurns[Math.floorMod(tenant.hashCode(), storeTurns.length)]) {
            List<Frame> out = new ArrayList<>();
            List<Frame> read = new ArrayList<>();
            try {
                return fromStore(tenant, since, last, out, read);
            } finally {
                windows.remember(tenant, read, System.nanoTime());
            }
        }
    }

    /** {@code read} collects the frames this call read from the store (contiguous), for the next replay to share. */
    private Recovery fromStore(String tenant, long since, long last, List<Frame> out, List<Frame> read) {
        long after = since;
        while (after < last) {
            Recovery h = history.since(tenant, after, Integer.MAX_VALUE);
            if (reachesBack(h, after)) {
                out.addAll(h.events());
                return new Recovery(out, true, since + 1);
            }
            if (out.size() >= MAX_FROM_STORE) {
                return new Recovery(List.of(), false, history.since(tenant, last, 1).oldestHeld());
            }
            StoreWindows.Window w = windows.covering(tenant, after + 1, System.nanoTime());
            if (w != null) {
                int from = (int) (after + 1 - w.first());
                out.addAll(java.util.Arrays.asList(w.frames()).subList(from, w.frames().length));
                after = w.last();
                continue;
            }
            List<Event> page = store.readAfter(tenant, after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            if (page.get(0).seq() != after + 1) {
                // The store no longer holds what the client missed.
                return new Recovery(List.of(), false, page.get(0).seq());
            }
            if (!read.isEmpty() && read.get(read.size() - 1).seq() != after) {
                windows.remember(tenant, read, System.nanoTime()); // a window was used in between: keep each part contiguous
                read.clear();
            }
            for (Event e : page) {
                Frame f = Frame.of(e);
                out.add(f);
                read.add(f);
            }
            after = page.get(page.size() - 1).seq();
        }
        return new Recovery(out, true, since + 1);
    }
}
