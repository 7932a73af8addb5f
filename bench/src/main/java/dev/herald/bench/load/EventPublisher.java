package dev.herald.bench.load;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Publishes stamped events over {@code POST /api/v1/events} ({@code {"events":[…]}} batches). Counts only
 * events the server reports as accepted — for Herald that means durable — so a failing server cannot
 * look fast.
 */
final class EventPublisher {
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

    private final LoadOptions opts;
    private final Metrics metrics;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String padding;
    private long nextUser;

    EventPublisher(LoadOptions opts, Metrics metrics) {
        this.opts = opts;
        this.metrics = metrics;
        this.padding = "x".repeat(Math.max(0, opts.payloadBytes()));
    }

    /**
     * Sends a batch every {@code batch / rate} seconds until {@code endNanos}. Each event is stamped with its
     * scheduled send time, not the moment the request left, so a stalled publisher shows up as latency
     * instead of hiding it (coordinated omission).
     */
    void runFixedRate(double rate, long endNanos) throws InterruptedException {
        long periodNanos = (long) (opts.batch() * 1e9 / rate);
        long start = Stamp.now();
        Semaphore inflight = new Semaphore(Math.max(64, opts.inflight()));
        for (long k = 0; ; k++) {
            long due = start + k * periodNanos;
            if (due >= endNanos) {
                break;
            }
            long wait = due - Stamp.now();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            inflight.acquire();
            send(due, opts.batch()).whenComplete((n, e) -> inflight.release());
        }
        inflight.acquire(Math.max(64, opts.inflight()));
    }

    /**
     * Publishes as fast as delivery keeps up: at most {@code inflight} requests open, and at most
     * {@code window} events whose deliveries to every open subscriber have not all arrived yet. This finds
     * the sustainable fan-out rate instead of piling frames up until the server cuts subscribers off.
     */
    void runClosedLoop(long endNanos, int window, LongSupplier delivered, LongSupplier subscribers)
            throws InterruptedException {
        Semaphore inflight = new Semaphore(opts.inflight());
        long sentEvents = 0;
        long deliveredAtStart = delivered.getAsLong();
        while (Stamp.now() < endNanos) {
            // Broadcast: every event is owed to every subscriber. Routed (--route): to one, so the window is
            // counted in events, at least enough to keep every request slot busy.
            long subs = opts.route() ? 1 : Math.max(1, subscribers.getAsLong());
            long limit = opts.route() ? Math.max(window, 2L * opts.inflight() * opts.saturateBatch()) : (long) window * subs;
            long outstanding = sentEvents * subs - (delivered.getAsLong() - deliveredAtStart);
            if (outstanding > limit || !inflight.tryAcquire()) {
                Thread.sleep(0, 200_000);
                continue;
            }
            sentEvents += opts.saturateBatch();
            send(Stamp.now(), opts.saturateBatch()).whenComplete((n, e) -> inflight.release());
        }
        inflight.acquire(opts.inflight());
    }

    /** Publishes back to back with {@code inflight} requests open, for raw publish throughput. */
    void runSaturated(long endNanos) throws InterruptedException {
        Semaphore inflight = new Semaphore(opts.inflight());
        while (Stamp.now() < endNanos) {
            inflight.acquire();
            send(Stamp.now(), opts.batch()).whenComplete((n, e) -> inflight.release());
        }
        inflight.acquire(opts.inflight());
    }

    private CompletableFuture<Integer> send(long stamp, int batch) {
        long t0 = System.nanoTime();
        HttpRequest req = HttpRequest.newBuilder(opts.publishUrl())
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + opts.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(body(stamp, batch)))
                .build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).handle((resp, err) -> {
            metrics.recordRequest(System.nanoTime() - t0);
            if (err != null || resp.statusCode() / 100 != 2) {
                metrics.publishErrors.increment();
                if (metrics.publishErrors.sum() <= 3) {
                    System.err.println("publish failed: " + (err != null ? err : resp.statusCode() + " " + resp.body()));
                }
                return 0;
            }
            Matcher m = ACCEPTED.matcher(resp.body());
            int n = m.find() ? Integer.parseInt(m.group(1)) : 0;
            metrics.publishedEvents.add(n);
            return n;
        });
    }

    private synchronized String body(long stamp, int batch) {
        StringBuilder sb = new StringBuilder(64 + batch * (64 + padding.length()));
        sb.append("{\"events\":[");
        for (int i = 0; i < batch; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"type\":\"bench.tick\",");
            if (opts.route()) { // round robin over the subscribers' users: each gets an equal share
                sb.append("\"user\":\"").append(Subscribers.user((int) (nextUser++ % Math.max(1, opts.connections()))))
                        .append("\",");
            }
            sb.append("\"data\":{\"").append(Stamp.FIELD).append("\":").append(stamp)
                    .append(",\"pad\":\"").append(padding).append("\"}}");
        }
        return sb.append("]}").toString();
    }
}
