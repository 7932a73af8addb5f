package dev.herald.server.stream;

import dev.herald.core.event.Event;
import dev.herald.core.history.History;
import dev.herald.core.history.Recovery;
import dev.herald.core.hub.Frame;
import dev.herald.core.store.EventStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * What a reconnecting client missed after a seq, from wherever it still is: this node's history when it
 * reaches back, otherwise the store (every node's events, read in pages off the event loop) joined to
 * history once history takes over. {@code complete = false} only when the store no longer has the seqs
 * either (pruned), or when more than {@value #MAX_FROM_STORE} events are missing.
 */
public final class RecoverySource {
    static final int PAGE = 1_000;
    static final int MAX_FROM_STORE = 50_000;

    private final History history;
    private final EventStore store;
    private final ToLongFunction<String> released;

    /** @param released the last seq this node released for a tenant (its sequencer's position) */
    public RecoverySource(History history, EventStore store, ToLongFunction<String> released) {
        this.history = history;
        this.store = store;
        this.released = released;
    }

    /** Completes on the calling Vert.x context; at once when history covers it, else after store reads on a worker. */
    public Future<Recovery> since(String tenant, long since) {
        long last = released.applyAsLong(tenant);
        if (since >= last) {
            return Future.succeededFuture(new Recovery(List.of(), true, last + 1));
        }
        Recovery fromHistory = history.since(tenant, since, Integer.MAX_VALUE);
        if (reachesBack(fromHistory, since)) {
            return Future.succeededFuture(fromHistory);
        }
        return Vertx.currentContext().executeBlocking(() -> fromStore(tenant, since, last), false);
    }

    private static boolean reachesBack(Recovery r, long since) {
        return r.complete() && !r.events().isEmpty() && r.events().get(0).seq() == since + 1;
    }

    /** Blocking: pages from the store until history takes over, the store ends, or the cap is reached. */
    private Recovery fromStore(String tenant, long since, long last) {
        List<Frame> out = new ArrayList<>();
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
            List<Event> page = store.readAfter(tenant, after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            if (page.get(0).seq() != after + 1) {
                // The store no longer holds what the client missed.
                return new Recovery(List.of(), false, page.get(0).seq());
            }
            for (Event e : page) {
                out.add(Frame.of(e));
            }
            after = page.get(page.size() - 1).seq();
        }
        return new Recovery(out, true, since + 1);
    }
}
