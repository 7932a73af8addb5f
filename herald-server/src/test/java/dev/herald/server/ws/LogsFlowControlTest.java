package dev.herald.server.ws;

import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.LogDir;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static dev.herald.server.testkit.LogDir.jsonLine;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /logs/ws} under a small {@code limits.client_queue_bytes}: who is closed 4008 and who is not. */
class LogsFlowControlTest {
    static LogDir logs;
    static TestServer server;

    @BeforeAll
    static void start() {
        logs = LogDir.create();
        server = TestServer.start(Map.of("logs.dir", logs.path().toString(), "logs.auth", "none",
                "limits.client_queue_bytes", "65536", "limits.close_grace", "1s"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientThatStopsReadingIsClosed4008WhileOneThatReadsGetsEveryLine() throws IOException {
        String blob = "x".repeat(16_000);
        try (RawWsClient stalled = RawWsClient.connect(server.port(), "/logs/ws?hook_id=big", null, 4096);
             WsClient reader = WsClient.connect(server.ws() + "/logs/ws?hook_id=big", Map.of())) {
            LogDir.awaitSubscribers(server, 2);
            int n = 0;
            for (int batch = 0; batch < 50; batch++) { // 16 MB: more than loopback socket buffers can hide
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 20; i++) {
                    lines.append(jsonLine("message", String.valueOf(n + i), "hook_id", "big", "blob", blob));
                }
                logs.append("big.json", lines.toString());
                for (int i = 0; i < 20; i++, n++) {
                    assertThat(reader.next().path("message").asText()).isEqualTo(String.valueOf(n));
                }
            }
            Eventually.until("the stalled client is dropped as a slow consumer", () ->
                    server.api(null).get("/metrics").body().contains("herald_slow_consumer_disconnects_total 1.0"));
            assertThat(stalled.readUntilClose().closeCode()).isEqualTo(4008);
            assertThat(reader.isClosed()).isFalse();
        }
    }

    @Test
    void aTailBiggerThanTheQueueLimitIsPacedByTheClientInsteadOfClosingIt() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            lines.append(jsonLine("message", String.valueOf(i), "hook_id", "backlog", "padding", "p".repeat(150)));
        }
        logs.append("backlog.json", lines.toString()); // about 2 MB, 30 times the queue limit
        try (WsClient c = WsClient.connect(server.ws() + "/logs/ws?hook_id=backlog&tail=10000", Map.of())) {
            for (int i = 0; i < 10_000; i++) {
                assertThat(c.next().path("message").asText()).isEqualTo(String.valueOf(i));
            }
            assertThat(c.drain(Duration.ofMillis(100))).isEmpty();
            assertThat(c.isClosed()).isFalse();
        }
    }
}
