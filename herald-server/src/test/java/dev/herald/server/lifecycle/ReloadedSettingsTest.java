package dev.herald.server.lifecycle;

import dev.herald.server.ReloadResult;
import dev.herald.server.testkit.LogDir;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.herald.server.testkit.LogDir.textLine;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each reloadable setting takes effect on a running node ({@link dev.herald.server.Herald#reload}, what SIGHUP
 * calls; the signal itself is covered by {@link ConfigReloadTest}).
 */
class ReloadedSettingsTest {

    @Test
    void aShorterKeepaliveAppliesToConnectionsAlreadyOpen() throws Exception {
        try (TestServer server = TestServer.start();
             RawWsClient silent = RawWsClient.connect(server.port(), "/ws/events", server.token("quiet"), 0)) {
            ReloadResult r = server.reload(Map.of("keepalive.interval", "100ms", "keepalive.timeout", "400ms"));
            assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.APPLIED);
            assertThat(r.applied()).containsExactly("keepalive.interval", "keepalive.timeout");
            // The client never answers a ping: under the old 60 s timeout it would stay; now it is closed 4009.
            assertThat(silent.readUntilClose().closeCode()).isEqualTo(4009);
        }
    }

    @Test
    void aLowerPublishRateAndEventSizeApplyToTheNextRequest() {
        try (TestServer server = TestServer.start()) {
            String big = "{\"pad\":\"" + "x".repeat(200) + "\"}";
            assertThat(server.api().publishEvent("sized", big).status()).isEqualTo(202);
            server.reload(Map.of("limits.max_event_bytes", "64", "limits.publish_rate", "1", "limits.publish_burst", "1"));
            assertThat(server.api().publishEvent("sized", big).status()).isEqualTo(413);
            int limited = 0;
            for (int i = 0; i < 5; i++) {
                limited += server.api().publishEvent("small", "{}").status() == 429 ? 1 : 0;
            }
            assertThat(limited).isPositive();
            assertThat(server.api().get("/metrics").body()).contains("herald_limit{name=\"publish_rate\"} 1.0");
        }
    }

    @Test
    void redactionCanBeSwitchedOffAndOnWithoutDroppingTheLogStream() {
        LogDir logs = LogDir.create();
        String secret = "password=hunter2";
        try (TestServer server = TestServer.start(Map.of("logs.dir", logs.path().toString()));
             WsClient c = openLogs(server)) {
            logs.append("app.log", textLine("INFO", "o/r", "push", "h1", "u", null, "first " + secret));
            assertThat(c.next().path("message").asText()).doesNotContain("hunter2").contains("[REDACTED]");
            server.reload(Map.of("logs.redact", "false"));
            logs.append("app.log", textLine("INFO", "o/r", "push", "h2", "u", null, "second " + secret));
            assertThat(c.next().path("message").asText()).contains("hunter2");
            server.reload(Map.of("logs.redact", "true"));
            logs.append("app.log", textLine("INFO", "o/r", "push", "h3", "u", null, "third " + secret));
            assertThat(c.next().path("message").asText()).doesNotContain("hunter2");
        }
    }

    @Test
    void aReloadedLogsTenantDecidesWhoMayOpenTheLogStreamNext() {
        LogDir logs = LogDir.create();
        try (TestServer server = TestServer.start(Map.of("logs.dir", logs.path().toString()));
             WsClient before = openLogs(server)) {
            server.reload(Map.of("logs.tenant", "ops"));
            try (WsClient refused = WsClient.connect(server.ws() + "/logs/ws?token=" + server.adminKey(), Map.of())) {
                assertThat(refused.awaitClose().code()).as("an admin of tenant default, not ops").isEqualTo(4003);
            }
            logs.append("app.log", textLine("INFO", "o/r", "push", "h1", "u", null, "still streamed"));
            assertThat(before.next().path("message").asText()).as("open connections stay").isEqualTo("still streamed");
        }
    }

    @Test
    void aFileThatChangesNothingReloadableIsNotAnnounced() {
        try (TestServer server = TestServer.start();
             WsClient c = server.connect("/ws/events", server.token("w"))) {
            ReloadResult r = server.reload(Map.of("history.size", "5", "server.websocket_compression", "true"));
            assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.UNCHANGED);
            assertThat(r.requireRestart()).containsExactly("server.websocket_compression", "history.size");
            assertThat(server.herald().config().history().size()).isEqualTo(10_000);
            c.send("{\"action\":\"ping\"}");
            assertThat(c.next().path("type").asText()).isEqualTo("pong");
            ReloadResult again = server.reload(Map.of("limits.connections_per_user", "7"));
            assertThat(again.applied()).containsExactly("limits.connections_per_user");
            assertThat(again.requireRestart()).as("still differs from what runs").contains("history.size");
            assertThat(c.nextOfType("system_status").path("data").path("changed").get(0).asText())
                    .isEqualTo("limits.connections_per_user");
        }
    }

    private static WsClient openLogs(TestServer s) {
        int before = LogDir.subscribers(s);
        WsClient c = WsClient.connect(s.ws() + "/logs/ws?token=" + s.adminKey(), Map.of());
        LogDir.awaitSubscribers(s, before + 1);
        return c;
    }
}
