package dev.herald.server.stream;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The open sessions of one event loop. Not thread-safe: used only on that loop. */
public final class SessionRegistry {
    private final Set<ClientSession> sessions = new HashSet<>();

    public void add(ClientSession s) {
        sessions.add(s);
    }

    public void remove(ClientSession s) {
        sessions.remove(s);
    }

    /** Ticks every session; a session may close (and remove) itself meanwhile. */
    public void sweep() {
        long now = System.nanoTime();
        for (ClientSession s : List.copyOf(sessions)) {
            s.tick(now);
        }
    }

    /** Shuts every session down; the future completes when all their connections are gone. */
    public io.vertx.core.Future<Void> shutdownAll() {
        List<io.vertx.core.Future<Void>> gone = new java.util.ArrayList<>();
        for (ClientSession s : List.copyOf(sessions)) {
            s.shutdown();
            gone.add(s.whenGone());
        }
        return io.vertx.core.Future.all(gone).mapEmpty();
    }
}
