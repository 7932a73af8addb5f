package dev.herald.server.ws;

import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SlowConsumerTest {
    private static final String PAYLOAD = "{\"blob\":\"" + "x".repeat(16_000) + "\"}";

    @Test
    void aClientThatStopsReadingIsClosed4008WhileAFastClientGetsEverything() throws IOException {
        // A grace far longer than the test: the stalled client reads its close whenever the test gets to it.
        try (TestServer server = TestServer.start(Map.of("limits.client_queue_bytes", "65536", "limits.close_grace", "60s"));
             RawWsClient stalled = RawWsClient.connect(server.port(), "/ws/events", server.token("slow"), 4096);
             WsClient fast = server.connect("/ws/events", server.token("fast"))) {
            fast.send("{\"action\":\"subscribe\",\"event_types\":[\"bulk\"]}");
            fast.nextOfType("subscribed");
            int events = 1000; // 16 MB: more than loopback socket buffers can hide
            int batch = 10;
            Set<Long> seqs = new HashSet<>();
            for (int i = 0; i < events / batch; i++) {
                publishBatch(server, batch);
                // The fast client keeps up (on a busy CI machine its reads are paced here, not left to the scheduler);
                // the stalled one falls 16 MB behind.
                for (int j = 0; j < batch; j++) {
                    seqs.add(fast.nextOfType("bulk").path("seq").asLong());
                }
            }
            assertThat(seqs).hasSize(events);
            Eventually.until("the stalled client is dropped as a slow consumer", () -> slowConsumers(server) == 1);
            assertThat(stalled.readUntilClose().closeCode()).isEqualTo(4008);
        }
    }

    @Test
    void aSlowReaderReadsThe4008CloseFirstWhenItResumesAndIsDroppedAfterTheGrace() throws IOException {
        int limit = 1 << 20;
        Duration grace = Duration.ofSeconds(5);
        // The kernel's own buffers are read before the close whatever Herald does: keep them well under the limit.
        try (TestServer server = TestServer.start(Map.of("limits.client_queue_bytes", Integer.toString(limit),
                "limits.close_grace", grace.toSeconds() + "s", "limits.socket_send_buffer", "65536"));
             RawWsClient stalled = RawWsClient.connect(server.port(), "/ws/events", server.token("slow"), 4096)) {
            for (int i = 0; i < 200 && slowConsumers(server) == 0; i++) { // 200 × 320 KB at most; it takes ~1.5 MB
                publishBatch(server, 20);
            }
            Eventually.until("the stalled client is found slow", () -> slowConsumers(server) == 1);
            long found = System.nanoTime();

            // Only what the kernel's socket buffers already held comes before the close: the backlog Herald held is gone.
            long dataBytes = 0;
            RawWsClient.Frame frame;
            while (!(frame = stalled.readFrame()).isClose()) {
                dataBytes += frame.payload().length;
            }
            long closeReadAfter = System.nanoTime() - found;
            assertThat(frame.closeCode()).isEqualTo(4008);
            assertThat(frame.text().substring(2)).isEqualTo("slow consumer");
            assertThat(dataBytes).as("event bytes read before the close").isLessThan(limit / 2);
            assertThat(Duration.ofNanos(closeReadAfter)).isLessThan(grace);

            // The client never answers the close: the server keeps the connection for the grace, then drops it.
            awaitEof(stalled);
            long eofAfter = System.nanoTime() - found;
            assertThat(Duration.ofNanos(eofAfter)).isBetween(grace.dividedBy(2), grace.plusSeconds(5));
        }
    }

    /** Returns once the server has dropped the connection. */
    private static void awaitEof(RawWsClient client) throws IOException {
        try {
            while (client.input().read() >= 0) {
                // nothing is expected after the close; keep reading until the end of the stream
            }
        } catch (EOFException | SocketException dropped) {
            // reset instead of FIN: dropped all the same
        }
    }

    private static void publishBatch(TestServer server, int n) {
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int j = 0; j < n; j++) {
            batch.append(j == 0 ? "" : ",").append("{\"type\":\"bulk\",\"data\":").append(PAYLOAD).append('}');
        }
        assertThat(server.api().publish(batch.append("]}").toString()).status()).isEqualTo(202);
    }

    private static long slowConsumers(TestServer server) {
        String metrics = server.api(null).get("/metrics").body();
        return metrics.lines().filter(l -> l.startsWith("herald_slow_consumer_disconnects_total "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(0);
    }
}
