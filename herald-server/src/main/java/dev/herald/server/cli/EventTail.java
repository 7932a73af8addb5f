package dev.herald.server.cli;

import dev.herald.client.HeraldClient;
import dev.herald.client.Status;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code herald tail} does for events: a {@link HeraldClient} that prints each event as one line of JSON,
 * exactly as the server sent it, and reports on stderr what happens to the connection. It rides out server
 * restarts, resuming after the last event printed, and ends only when the client gives up (exit 1) or is
 * {@link #stop() stopped} (exit 0).
 */
final class EventTail {
    private final PrintStream out;
    private final PrintStream err;
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private volatile HeraldClient client;

    EventTail(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Connects, subscribes to {@code types} (all when empty) and prints until the end; the exit code. */
    int run(HeraldClient.Builder builder, List<String> types) {
        client = builder.onStatus(this::onStatus).onError(e -> err.println("herald: " + e.getMessage())).build();
        try {
            for (String type : types.isEmpty() ? List.of("*") : types) {
                client.subscribe(type, e -> {
                    out.println(e.json());
                    out.flush();
                });
            }
        } catch (IllegalArgumentException e) {
            client.close();
            err.println("herald: " + e.getMessage());
            return 2;
        }
        return done.join();
    }

    /** Closes the connection; {@link #run} then returns 0. */
    void stop() {
        HeraldClient c = client;
        if (c != null) {
            c.close();
        }
    }

    private void onStatus(Status s) {
        switch (s.state()) {
            case RECONNECTING -> err.printf("herald: connection lost (%d %s); reconnecting in %.1f s (attempt %d)%n",
                    s.closeCode(), s.reason(), s.retryIn().toMillis() / 1000.0, s.attempt());
            case OPEN -> {
                if (s.recoveryFailed()) {
                    err.println("herald: history no longer reaches back that far; events before seq "
                            + s.recoveryFailedFrom().getAsLong() + " were missed");
                }
            }
            case FAILED -> {
                err.println("closed: " + s.closeCode() + " " + s.reason());
                done.complete(1);
            }
            case CLOSED -> done.complete(0);
            default -> { }
        }
    }
}
