package dev.herald.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.herald.core.event.NewEvent;
import dev.herald.core.store.AppendResult;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthReportsStoreBrokerAndVersion() {
        JsonNode h = server.api(null).get("/health").json();
        assertThat(h.path("status").asText()).isEqualTo("ok");
        assertThat(h.path("store").asText()).isEqualTo("ok");
        assertThat(h.path("broker").asText()).isEqualTo("ok");
        assertThat(h.path("version").asText()).isNotBlank();
    }

    @Test
    void metricsCountConnectionsEventsAndDeliveries() {
        try (WsClient c = server.connect("/ws/events", server.token("metrics"))) {
            c.send("{\"action\":\"ping\"}");
            c.nextOfType("pong");
            server.api().publishEvent("metered", "{}");
            c.nextOfType("metered");
            String text = server.api(null).get("/metrics").body();
            assertThat(text).contains("herald_connections{endpoint=\"/ws/events\"} 1.0");
            assertThat(text).containsPattern("herald_events_accepted_total [1-9]");
            assertThat(text).containsPattern("herald_deliveries_total\\{channel=\"ws\",outcome=\"delivered\"} [1-9]");
            assertThat(text).contains("herald_slow_consumer_disconnects_total");
        }
    }

    @Test
    void eachPublishIsTimedUntilDurable() {
        long before = durableCount();
        server.api().publishEvent("timed", "{}");
        server.api().publishEvent("timed", "{}");
        String text = server.api(null).get("/metrics").body();
        assertThat(durableCount()).isEqualTo(before + 2);
        assertThat(text).contains("herald_publish_durable_seconds_bucket{le=\"0.01\"}")
                .contains("herald_publish_durable_seconds_bucket{le=\"+Inf\"} " + (before + 2))
                .containsPattern("herald_publish_durable_seconds_sum [0-9.E-]+");
    }

    @Test
    void concurrentScrapesAllGetTheWholeText() {
        var http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.http() + "/metrics")).build();
        var answers = java.util.stream.IntStream.range(0, 32)
                .mapToObj(i -> http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofString()))
                .toList();
        for (var answer : answers) {
            var r = answer.join();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(r.body()).contains("herald_events_accepted_total").contains("process_files_open_files");
        }
        assertThat(server.api(null).get("/health").status()).isEqualTo(200);
    }

    private long durableCount() {
        var m = java.util.regex.Pattern.compile("(?m)^herald_publish_durable_seconds_count (\\S+)$")
                .matcher(server.api(null).get("/metrics").body());
        assertThat(m.find()).as("herald_publish_durable_seconds_count in /metrics").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void theApiIsDocumentedInOpenApiAndAsyncApi() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        HttpApiClient.Response openapi = server.api(null).get("/openapi.yaml");
        assertThat(openapi.status()).isEqualTo(200);
        JsonNode o = yaml.readTree(openapi.body());
        assertThat(o.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(o.path("paths").has("/api/v1/events")).isTrue();
        JsonNode a = yaml.readTree(server.api(null).get("/asyncapi.yaml").body());
        assertThat(a.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(a.path("channels").path("events").path("address").asText()).isEqualTo("/ws/events");
    }

    @Test
    void theEmbeddedJavaApiPublishesDurablyToSubscribers() throws Exception {
        try (WsClient c = server.connect("/ws/events", server.token("embedded"))) {
            c.send("{\"action\":\"ping\"}");
            c.nextOfType("pong");
            AppendResult r = server.herald().publish(new NewEvent("evt_embedded_1", "from.java", null, null, null,
                    Instant.now(), "{\"via\":\"java\"}")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(r.duplicate()).isFalse();
            JsonNode m = c.nextOfType("from.java");
            assertThat(m.path("seq").asLong()).isEqualTo(r.seq());
            assertThat(m.path("data").path("via").asText()).isEqualTo("java");
        }
    }
}
