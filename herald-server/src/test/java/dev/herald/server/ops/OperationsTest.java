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
