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
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread thread;
    private final AtomicLong maxNanos = new AtomicLong();
    private final java.util.List<Long> latencies = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean running = true;

    private HealthProbe(String base) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(2)).build();
        thread = new Thread(() -> {
            for (int i = 0; i < 3; i++) {
                probe(req); // the first requests open the connection and warm the client (JIT): not samples
            }
            while (running) {
                long t0 = System.nanoTime();
                if (probe(req)) {
                    long took = System.nanoTime() - t0;
                    maxNanos.accumulateAndGet(took, Math::max);
                    latencies.add(took);
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

    /** The 99th percentile answer time, in milliseconds. */
    public long p99Millis() {
        return percentileMillis(0.99);
    }

    public long percentileMillis(double p) {
        synchronized (latencies) {
            if (latencies.isEmpty()) {
                return 0;
            }
            java.util.List<Long> sorted = new java.util.ArrayList<>(latencies);
            java.util.Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * p) - 1)) / 1_000_000;
        }
    }

    /**
     * Asserts the server kept serving: no failed probe, 90% of answers within 250 ms, none slower than 3 s. Not "every
     * answer within 100 ms": on this 2-core machine the attack's own client threads, the GC of a 4 MB parse and other
     * builds take the CPU for a moment (measured outliers 113-276 ms with the event loops free, p90 over 100 ms at load
     * 9). A blocked event loop shows as many seconds (case #4 of docs/security.md: 12 s), which the 3 s bound catches.
     */
    public void assertServedThroughout() {
        // A quick attack may be over before the first sample: then these are the answers right after it.
        Eventually.until("/health has been probed", () -> samples() >= 5);
        org.assertj.core.api.Assertions.assertThat(failures()).as("failed /health probes").isZero();
        org.assertj.core.api.Assertions.assertThat(percentileMillis(0.9)).as("p90 /health, ms").isLessThan(250);
        org.assertj.core.api.Assertions.assertThat(maxMillis()).as("slowest /health, ms").isLessThan(3000);
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
