package dev.herald.server.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.ServerProcess;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleTest {

    @Test
    void gracefulShutdownAnnouncesItselfThenCloses1001(@TempDir Path dir) {
        TestServer server = TestServer.start(dir, Map.of());
        try (WsClient c = server.connect("/ws/events", server.token("watcher"))) {
            c.send("{\"action\":\"ping\"}");
            c.nextOfType("pong");
            server.close();
            JsonNode status = c.nextOfType("system_status");
            assertThat(status.path("data").path("status").asText()).isEqualTo("shutdown");
            assertThat(status.has("seq")).isFalse();
            WsClient.Close close = c.awaitClose();
            assertThat(close.code()).isEqualTo(1001);
            assertThat(close.reason()).isEqualTo("Server shutdown");
        }
    }

    @Test
    void sigtermClosesClientsWith1001AndExitsZero(@TempDir Path dir) throws Exception {
        try (ServerProcess p = ServerProcess.start(dir.resolve("data"), Map.of())) {
            String token = new TestServer.Tokens().issue("sig");
            try (WsClient c = WsClient.connect(p.ws() + "/ws/events?token=" + token, Map.of())) {
                c.send("{\"action\":\"ping\"}");
                c.nextOfType("pong");
                assertThat(p.terminate()).isZero();
                assertThat(c.nextOfType("system_status").path("data").path("status").asText()).isEqualTo("shutdown");
                assertThat(c.awaitClose().code()).isEqualTo(1001);
            }
        }
    }

    @Test
    void acceptedEventsSeqsAndIdempotencySurviveKillDashNine(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Set<String> acceptedIds = new HashSet<>();
        long lastSeq;
        try (ServerProcess p = ServerProcess.start(data, Map.of())) {
            HttpApiClient api = new HttpApiClient(p.http(), adminKey(data));
            for (int batch = 0; batch < 20; batch++) {
                StringBuilder sb = new StringBuilder("{\"events\":[");
                for (int i = 0; i < 50; i++) {
                    String id = "evt_k9_" + batch + "_" + i;
                    sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"type\":\"durable\",\"data\":{\"i\":").append(i).append("}}");
                }
                HttpApiClient.Response r = api.publish(sb.append("]}").toString());
                assertThat(r.status()).isEqualTo(202);
                r.json().path("events").forEach(e -> acceptedIds.add(e.path("id").asText()));
            }
            lastSeq = api.get("/api/v1/events?since=999&limit=1").json().path("events").get(0).path("seq").asLong();
            p.kill9();
        }
        try (ServerProcess p = ServerProcess.start(data, Map.of())) {
            HttpApiClient api = new HttpApiClient(p.http(), adminKey(data));
            Set<String> stored = new HashSet<>();
            long since = 0;
            while (true) {
                JsonNode page = api.get("/api/v1/events?since=" + since + "&limit=1000").json();
                if (page.path("events").isEmpty()) {
                    break;
                }
                page.path("events").forEach(e -> stored.add(e.path("id").asText()));
                since = page.path("next_since").asLong();
            }
            assertThat(stored).containsAll(acceptedIds);
            assertThat(lastSeq).isEqualTo(1000);
            JsonNode dup = api.publish("{\"id\":\"evt_k9_0_0\",\"type\":\"durable\"}").json();
            assertThat(dup.path("events").get(0).path("duplicate").asBoolean()).isTrue();
            assertThat(dup.path("events").get(0).path("seq").asLong()).isEqualTo(1);
            assertThat(api.publishEvent("durable", "{}").json().path("events").get(0).path("seq").asLong()).isEqualTo(1001);
        }
    }

    private static String adminKey(Path data) throws java.io.IOException {
        return Files.readString(data.resolve("admin-key")).trim();
    }
}
