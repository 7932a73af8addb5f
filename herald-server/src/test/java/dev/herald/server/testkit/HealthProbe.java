package dev.herald.server.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks {@code /health} every 25 ms on its own thread while an attack runs, and records the slowest answer and any
 * failure: "the server keeps serving others" as a number. Start it before the attack, {@link #close} it after.
 */
public final class HealthProbe implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread thread;
    private final AtomicLong maxNanos = new AtomicLong();
    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean running = true;

    private HealthProbe(String base) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(2)).build();
        thread = new Thread(() -> {
            probe(req); // the first request opens the connection and warms the client: not a sample
            while (running) {
                long t0 = System.nanoTime();
                if (probe(req)) {
                    maxNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    samples.incrementAndGet();
                } else {
                    failures.incrementAndGet();
                }
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "health-probe");
        thread.setDaemon(true);
        thread.start();
    }

    public static HealthProbe start(TestServer server) {
        return new HealthProbe(server.http());
    }

    private static boolean probe(HttpRequest req) {
        try {
            return CLIENT.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** The slowest answer, in milliseconds. */
    public long maxMillis() {
        return maxNanos.get() / 1_000_000;
    }

    public int samples() {
        return samples.get();
    }

    public int failures() {
        return failures.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
