package dev.herald.server.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.ServerProcess;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SIGHUP on a real {@code herald serve} process started with {@code --config}: the file is edited, the process gets
 * {@code kill -HUP}, and a connected client and the server's behaviour show what was (and was not) applied.
 */
class ConfigReloadTest {
    private static final String TEN_CONNECTIONS = "limits:\n  connections_total: 10\nhistory:\n  size: 100\n";

    @Test
    void aLoweredConnectionLimitIsAnnouncedAndEnforced(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("herald.yaml"), TEN_CONNECTIONS);
        try (ServerProcess p = ServerProcess.start(dir.resolve("data"), Map.of(), yaml);
             WsClient c = connect(p)) {
            String token = new TestServer.Tokens().issue("second");
            try (RawWsClient before = RawWsClient.connect(p.port(), "/ws/events", token, 0)) {
                assertThat(before.handshakeResponse()).contains("101");
            }

            Files.writeString(yaml, "limits:\n  connections_total: 1\nhistory:\n  size: 100\n");
            p.signal("HUP");

            JsonNode status = c.nextOfType("system_status");
            assertThat(status.path("data").path("status").asText()).isEqualTo("config_change");
            assertThat(status.path("data").path("changed")).hasSize(1);
            assertThat(status.path("data").path("changed").get(0).asText()).isEqualTo("limits.connections_total");
            assertThat(status.has("seq")).isFalse();
            // The watcher holds the one connection now allowed: the next is refused before the upgrade.
            assertThatThrownBy(() -> RawWsClient.connect(p.port(), "/ws/events", token, 0))
                    .isInstanceOf(IOException.class).hasMessageContaining("HTTP/1.1 503");
            assertStillServes(c);
            assertThat(metrics(p)).contains("herald_limit{name=\"connections_total\"} 1.0")
                    .contains("herald_config_reloads_total{result=\"applied\"} 1.0");
            assertThat(p.logText()).contains("configuration reloaded").contains("limits.connections_total");
        }
    }

    @Test
    void anInvalidFileIsRejectedWholeAndTheServerRunsOnTheOldConfiguration(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("herald.yaml"), TEN_CONNECTIONS);
        try (ServerProcess p = ServerProcess.start(dir.resolve("data"), Map.of(), yaml);
             WsClient c = connect(p)) {
            // One valid change next to an invalid value: neither is applied.
            Files.writeString(yaml, "limits:\n  connections_total: 1\n  publish_rate: lots\nhistory:\n  size: 100\n");
            p.signal("HUP");

            Eventually.until("the reload is rejected in the log", () -> p.logText().contains("configuration reload rejected"));
            assertThat(p.logText()).contains("limits.publish_rate: \"lots\" is not an integer");
            assertStillServes(c); // and no system_status came before the pong
            String token = new TestServer.Tokens().issue("second");
            try (RawWsClient second = RawWsClient.connect(p.port(), "/ws/events", token, 0)) {
                assertThat(second.handshakeResponse()).contains("101"); // connections_total is still 10
            }
            assertThat(new HttpApiClient(p.http(), null).get("/health").status()).isEqualTo(200);
            assertThat(metrics(p)).contains("herald_limit{name=\"connections_total\"} 10.0")
                    .contains("herald_config_reloads_total{result=\"rejected\"} 1.0");
        }
    }

    @Test
    void aChangeThatNeedsARestartIsLoggedAndOtherwiseIgnored(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("herald.yaml"), TEN_CONNECTIONS);
        try (ServerProcess p = ServerProcess.start(dir.resolve("data"), Map.of(), yaml);
             WsClient c = connect(p)) {
            Files.writeString(yaml, TEN_CONNECTIONS.replace("size: 100", "size: 5"));
            p.signal("HUP");

            Eventually.until("the reload is logged", () -> p.logText().contains("require a restart"));
            String line = p.logText().lines().filter(l -> l.contains("require a restart")).findFirst().orElseThrow();
            assertThat(line).contains("history.size").doesNotContain("limits.");
            assertStillServes(c); // nothing changed in effect: no system_status
            assertThat(metrics(p)).contains("herald_limit{name=\"connections_total\"} 10.0")
                    .contains("herald_config_reloads_total{result=\"unchanged\"} 1.0")
                    .contains("herald_config_reloads_total{result=\"applied\"} 0.0");
        }
    }

    private static WsClient connect(ServerProcess p) {
        WsClient c = WsClient.connect(p.ws() + "/ws/events?token=" + new TestServer.Tokens().issue("watcher"), Map.of());
        assertStillServes(c);
        return c;
    }

    /** The client's next message after a ping is the pong: the connection is alive and was sent nothing else. */
    private static void assertStillServes(WsClient c) {
        c.send("{\"action\":\"ping\"}");
        assertThat(c.next().path("type").asText()).isEqualTo("pong");
    }

    private static String metrics(ServerProcess p) {
        return new HttpApiClient(p.http(), null).get("/metrics").body();
    }
}
