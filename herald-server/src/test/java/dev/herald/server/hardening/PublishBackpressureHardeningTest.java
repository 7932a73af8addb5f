package dev.herald.server.hardening;

import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.SqliteWriteLock;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #13 item 7 (b): the queues in front of the store and the fan-out are bounded; past them publishing answers 429. */
class PublishBackpressureHardeningTest {

    @Test
    void publishesBeyondLimitsMaxPendingAppendsAreAnswered429WithRetryAfterNotQueued() throws Exception {
        try (TestServer server = TestServer.start(Map.of("limits.max_pending_appends", "1"))) {
            CompletableFuture<HttpApiClient.Response> first;
            try (SqliteWriteLock stalled = SqliteWriteLock.hold(server.dataDir())) {
                first = CompletableFuture.supplyAsync(() -> server.api().publishEvent("queued", "{\"n\":1}"));
                Eventually.until("the first publish waits for the store", () ->
                        server.api(null).get("/metrics").body().contains("herald_store_pending_appends 1.0"));

                HttpResponse<String> second = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(server.http() + "/api/v1/events"))
                        .header("Authorization", "Bearer " + server.adminKey())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"refused\",\"data\":{}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(second.statusCode()).isEqualTo(429);
                assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(second.body()).contains("\"code\":\"too_many_requests\"");
            }
            assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(202);
            assertThat(server.api().publishEvent("after", "{}").status()).isEqualTo(202);
            assertThat(server.api(null).get("/health").status()).isEqualTo(200);
        }
    }

}
