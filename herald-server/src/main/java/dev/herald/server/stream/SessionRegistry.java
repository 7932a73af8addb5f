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

    /**
     * Sessions ticked per event-loop task. A sweep that falls due for thousands of connections at once (their pings,
     * 30 s after they all connected) is one {@code write(2)} each: ticked in one task, 10,000 of them held up every
     * publish and delivery of the loop for tens of milliseconds — the p99 of {@code bench/run.sh route} at 10,000
     * events/s (issue #15). Cut into tasks of this many, the loop serves its connections between them.
     */
    public static final int SLICE = 256;

    /**
     * Ticks every session (a session may close, and remove, itself meanwhile), {@link #SLICE} at a time: {@code later} runs each further slice
     * (on this loop, after what else is waiting there), {@code done} runs after the last one — also when a tick
     * threw, which ends that slice only.
     */
    public void sweep(java.util.function.Consumer<Runnable> later, Runnable done) {
        slice(List.copyOf(sessions), 0, System.nanoTime(), later, done);
    }

    private void slice(List<ClientSession> all, int from, long now, java.util.function.Consumer<Runnable> later,
                       Runnable done) {
        int to = Math.min(all.size(), from + SLICE);
        try {
            for (int i = from; i < to; i++) {
                all.get(i).tick(now);
            }
        } finally {
            if (to < all.size()) {
                later.accept(() -> slice(all, to, now, later, done));
            } else {
                done.run();
            }
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
