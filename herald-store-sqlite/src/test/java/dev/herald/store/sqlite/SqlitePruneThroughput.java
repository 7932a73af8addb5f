package dev.herald.store.sqlite;

import dev.herald.core.event.NewEvent;
import dev.herald.core.store.PruneBatch;
import dev.herald.core.webhook.Endpoint;
import dev.herald.core.webhook.EndpointRegistry;
import dev.herald.core.webhook.EndpointStoreContract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Not a test: measures retention on the embedded store (issue #14). Fills herald.db with {@code events} events, each
 * with one finished webhook delivery and three attempts, then prunes all of it in the batch sizes the server uses
 * (1000 events, 250 deliveries) while a publisher keeps appending one event at a time. Prints rows/s of holding the
 * writer, the longest hold, and the publisher's append latency (p50/p99/max) during pruning and without it (the
 * run before pruning includes the JIT's warm-up; the one after is the fair comparison).
 * Run: {@code java -cp <test classpath> dev.herald.store.sqlite.SqlitePruneThroughput [events]}.
 */
public final class SqlitePruneThroughput {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path dir = Files.createTempDirectory("herald-prune");
        SqliteDatabase db = new SqliteDatabase(dir);
        Endpoint endpoint = EndpointStoreContract.endpoint("t", "*");
        SqliteEventStore events = new SqliteEventStore(db, new EndpointRegistry(List.of(endpoint)));
        for (int i = 0; i < n; i += 1000) {
            List<NewEvent> batch = new ArrayList<>();
            for (int j = 0; j < 1000; j++) {
                batch.add(new NewEvent("evt_" + (i + j), "bench", null, null, null, Instant.now(), "{\"n\":" + (i + j) + "}"));
            }
            events.append("t", batch).get(60, TimeUnit.SECONDS);
        }
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            st.execute("UPDATE webhook_deliveries SET status = 'succeeded', next_attempt_ms = NULL, attempt_count = 3");
            for (int a = 1; a <= 3; a++) {
                st.execute("INSERT INTO webhook_attempts SELECT id, " + a + ", created_ms, 200, 12, 'ok', NULL"
                        + " FROM webhook_deliveries");
            }
        }
        System.out.printf("filled: %d events, %d deliveries, %d attempts%n", n, n, 3 * n);
        Publisher baseline = new Publisher(events, "base");
        baseline.runFor(Duration.ofSeconds(3));
        System.out.println("appends without pruning:  " + baseline.summary());

        SqliteDeliveryStore deliveries = new SqliteDeliveryStore(db);
        Instant cutoff = Instant.now().plusSeconds(60);
        Publisher during = new Publisher(events, "during");
        Thread publisher = new Thread(() -> during.runFor(Duration.ofDays(1)));
        publisher.start();
        drain("events", max -> events.pruneBatch(cutoff, max), 1000);
        drain("webhook_deliveries", max -> deliveries.pruneFinished(cutoff, max), 250);
        during.stop();
        publisher.join();
        System.out.println("appends during pruning:   " + during.summary());
        Publisher after = new Publisher(events, "after");
        after.runFor(Duration.ofSeconds(5));
        System.out.println("appends after pruning:    " + after.summary());
        deliveries.close();
        events.close();
    }

    /** As the server's Pruner: batch, then pause twice the hold (at least 5 ms). */
    private static void drain(String table, IntFunction<PruneBatch> batch, int max) throws InterruptedException {
        long rows = 0;
        long heldNanos = 0;
        long longest = 0;
        int batches = 0;
        long start = System.nanoTime();
        for (PruneBatch b = batch.apply(max); b.rows() > 0; b = batch.apply(max)) {
            rows += b.rows();
            heldNanos += b.held().toNanos();
            longest = Math.max(longest, b.held().toNanos());
            batches++;
            Thread.sleep(Math.max(5, b.held().multipliedBy(2).toMillis()));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-19s %,d rows in %d batches: %,.0f rows/s of holding the writer (%.2f s held), %,.0f rows/s"
                        + " wall (%.1f s), longest hold %.1f ms, mean %.1f ms%n", table, rows, batches,
                rows / (heldNanos / 1e9), heldNanos / 1e9, rows / wall, wall, longest / 1e6, heldNanos / 1e6 / batches);
    }

    /** Appends one event at a time, back to back, recording each append's latency. */
    private static final class Publisher {
        private final SqliteEventStore events;
        private final String prefix;
        private final List<Long> latencies = new ArrayList<>();
        private volatile boolean stopped;

        Publisher(SqliteEventStore events, String prefix) {
            this.events = events;
            this.prefix = prefix;
        }

        void runFor(Duration d) {
            long end = System.nanoTime() + d.toNanos();
            int i = 0;
            while (!stopped && System.nanoTime() < end) {
                long t = System.nanoTime();
                try {
                    events.append("p", List.of(new NewEvent("evt_" + prefix + (i++), "live", null, null, null,
                            Instant.now(), "{}"))).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                latencies.add(System.nanoTime() - t);
            }
        }

        void stop() {
            stopped = true;
        }

        String summary() {
            long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            if (l.length == 0) {
                return "none";
            }
            return String.format("%d appends, p50 %.2f ms, p99 %.2f ms, max %.2f ms", l.length, l[l.length / 2] / 1e6,
                    l[(int) (l.length * 0.99)] / 1e6, Arrays.stream(l).max().orElse(0) / 1e6);
        }
    }
}
