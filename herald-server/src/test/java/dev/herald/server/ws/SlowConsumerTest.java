package dev.herald.server.ws;

import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SlowConsumerTest {

    @Test
    void aClientThatStopsReadingIsClosed4008WhileAFastClientGetsEverything() throws IOException {
        try (TestServer server = TestServer.start(Map.of("limits.client_queue_bytes", "65536", "limits.close_grace", "1s"));
             RawWsClient stalled = RawWsClient.connect(server.port(), "/ws/events", server.token("slow"), 4096);
             WsClient fast = server.connect("/ws/events", server.token("fast"))) {
            fast.send("{\"action\":\"subscribe\",\"event_types\":[\"bulk\"]}");
            fast.nextOfType("subscribed");
            String payload = "{\"blob\":\"" + "x".repeat(16_000) + "\"}";
            int events = 1000; // 16 MB: more than loopback socket buffers can hide
            for (int i = 0; i < events / 50; i++) {
                StringBuilder batch = new StringBuilder("{\"events\":[");
                for (int j = 0; j < 50; j++) {
                    batch.append(j == 0 ? "" : ",").append("{\"type\":\"bulk\",\"data\":").append(payload).append('}');
                }
                assertThat(server.api().publish(batch.append("]}").toString()).status()).isEqualTo(202);
            }
            Set<Long> seqs = new HashSet<>();
            for (int i = 0; i < events; i++) {
                seqs.add(fast.nextOfType("bulk").path("seq").asLong());
            }
            assertThat(seqs).hasSize(events);
            Eventually.until("the stalled client is dropped as a slow consumer", () ->
                    server.api(null).get("/metrics").body().contains("herald_slow_consumer_disconnects_total 1.0"));
            // What the stalled client finally reads ends with the 4008 close.
            assertThat(stalled.readUntilClose().closeCode()).isEqualTo(4008);
        }
    }
}
