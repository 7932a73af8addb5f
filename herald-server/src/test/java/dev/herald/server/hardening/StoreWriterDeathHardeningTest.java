package dev.herald.server.hardening;

import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.SqliteWriteLock;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #13 item 8: a node whose store writer died says so on /health and answers publishes 503 at once, never hangs. */
class StoreWriterDeathHardeningTest {

    @Test
    void whenTheStoreWriterDiesHealthReportsTheStoreFailedAndPublishesAre503() throws Exception {
        try (TestServer server = TestServer.start()) {
            assertThat(server.api(null).get("/health").status()).isEqualTo(200);
            CompletableFuture<HttpApiClient.Response> inFlight;
            try (SqliteWriteLock stalled = SqliteWriteLock.hold(server.dataDir())) {
                inFlight = CompletableFuture.supplyAsync(() -> server.api().publishEvent("in.flight", "{}"));
                awaitWriterInSqlite().interrupt(); // it finishes the commit in hand, then stops
            }
            assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).isEqualTo(202);

            HttpApiClient.Response health = server.api(null).get("/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().path("store").asText()).isEqualTo("unavailable");

            long start = System.nanoTime();
            HttpApiClient.Response refused = server.api().publishEvent("after.death", "{}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.errorCode()).isEqualTo("store_unavailable");
            // Failed at once, not after store.timeout (5 s).
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);
        }
    }

    /** The node's writer once it waits for the lock this test holds (the only writer doing so). */
    private static Thread awaitWriterInSqlite() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
                if (t.getKey().getName().equals("herald-store-writer")
                        && Arrays.stream(t.getValue()).anyMatch(f -> f.getClassName().startsWith("org.sqlite"))) {
                    return t.getKey();
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the writer never reached SQLite");
    }
}
