package dev.herald.server.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hub frames go straight to the socket while Netty holds nothing for the connection ({@link DirectWrites}); what the
 * socket cannot take goes to Netty. A client that stops reading for a while and then resumes must get every frame
 * whole and in order — alone or several per drain, before and after the socket filled up.
 */
class DirectWritesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAYLOAD = "{\"blob\":\"" + "y".repeat(7_000) + "\"}";

    @Test
    void framesTheSocketCannotTakeAtOnceArriveWholeAndInOrderOnceTheClientReads() throws IOException {
        try (TestServer server = TestServer.start(Map.of("limits.client_queue_bytes", Integer.toString(4 << 20),
                "limits.socket_send_buffer", "16384"));
             RawWsClient paused = RawWsClient.connect(server.port(), "/ws/events", server.token("paused"), 4096)) {
            long before = delivered(server);
            int events = 0;
            for (int round = 0; round < 10; round++) { // ~1.4 MB: far more than the two socket buffers hold
                publish(server, 1); // alone: one frame per drain
                publish(server, 9); // a batch: several frames per drain, copied together
                events += 10;
            }
            int owed = events;
            Eventually.until("every frame is written or queued", () -> delivered(server) - before == owed);
            long seq = -1;
            for (int i = 0; i < events; i++) {
                RawWsClient.Frame frame = paused.readFrame();
                assertThat(frame.opcode()).as("frame %d", i).isEqualTo(1);
                JsonNode message = JSON.readTree(frame.text());
                assertThat(message.path("type").asText()).isEqualTo("bulk");
                assertThat(message.path("data").path("blob").asText()).hasSize(7_000);
                long next = message.path("seq").asLong();
                if (seq >= 0) {
                    assertThat(next).as("frame %d's seq", i).isEqualTo(seq + 1);
                }
                seq = next;
            }
            assertThat(slowConsumers(server)).isZero();
        }
    }

    private static void publish(TestServer server, int n) {
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int j = 0; j < n; j++) {
            batch.append(j == 0 ? "" : ",").append("{\"type\":\"bulk\",\"data\":").append(PAYLOAD).append('}');
        }
        assertThat(server.api().publish(batch.append("]}").toString()).status()).isEqualTo(202);
    }

    private static long delivered(TestServer server) {
        return metric(server, "herald_deliveries_total{channel=\"ws\",outcome=\"delivered\"}");
    }

    private static long slowConsumers(TestServer server) {
        return metric(server, "herald_slow_consumer_disconnects_total ");
    }

    private static long metric(TestServer server, String prefix) {
        String metrics = server.api(null).get("/metrics").body();
        return metrics.lines().filter(l -> l.startsWith(prefix))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }
}
