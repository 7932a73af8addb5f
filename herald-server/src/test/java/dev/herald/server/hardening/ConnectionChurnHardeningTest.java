package dev.herald.server.hardening;

import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.HealthProbe;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections opened and then dropped without a close frame (crashed tabs, pulled cables): the server frees each one
 * — session, hub subscription, connection-limit lease — so the counts return to zero and the limits keep admitting.
 * The issue asks for 10,000; 2,000 here keeps the suite quick on a 2-core machine while still being 20 times the
 * per-user limit: a leak of one lease per connection would refuse the next connection.
 */
class ConnectionChurnHardeningTest {
    static final int CONNECTIONS = 2_000;

    @Test
    void connectionsDroppedWithoutClosingAreAllFreedAndTheLimitsStillAdmit() throws Exception {
        try (TestServer server = TestServer.start(Map.of("limits.connections_per_user", "100",
                "limits.connections_per_ip", String.valueOf(CONNECTIONS)));
             HealthProbe health = HealthProbe.start(server)) {
            for (int round = 0; round < CONNECTIONS / 100; round++) {
                List<RawWsClient> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    batch.add(RawWsClient.connect(server.port(), "/ws/events", server.token("churn"), 0));
                }
                batch.forEach(RawWsClient::abort); // a TCP reset: no close frame, no FIN handshake
            }
            Eventually.until("every dropped connection is freed", Duration.ofSeconds(20),
                    () -> server.api().get("/ws/health").json().path("connections").asInt() == 0);
            try (WsClient again = server.connect("/ws/events", server.token("churn"))) {
                again.send("{\"action\":\"subscribe\",\"event_types\":[\"after.churn\"]}");
                again.nextOfType("subscribed");
                assertThat(server.api().publishEvent("after.churn", "{}").status()).isEqualTo(202);
                assertThat(again.nextOfType("after.churn")).isNotNull();
            }
            assertThat(server.api().get("/metrics").body())
                    .contains("herald_connections_refused_total{reason=\"per_user\"} 0.0")
                    .contains("herald_connections_refused_total{reason=\"per_ip\"} 0.0");
            health.assertServedThroughout();
        }
    }
}
