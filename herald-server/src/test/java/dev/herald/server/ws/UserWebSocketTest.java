package dev.herald.server.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.auth.TokenIssuer;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /ws/{user}} as the Capital OS seed's clients use it. */
class UserWebSocketTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("keepalive.interval", "300ms", "keepalive.timeout", "1s"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void openingSendsTheConnectedAcknowledgement() {
        try (WsClient c = server.connect("/ws/0x123456", server.token("0x123456"))) {
            JsonNode m = c.next();
            assertThat(m.path("type").asText()).isEqualTo("connected");
            assertThat(m.path("message").asText()).isEqualTo("Connected to event stream");
            assertThat(m.path("timestamp").asText()).isNotEmpty();
        }
    }

    @Test
    void theServerSendsJsonPingsEveryInterval() {
        try (WsClient c = server.connect("/ws/0xping", server.token("0xping"))) {
            c.nextOfType("connected");
            JsonNode ping = c.nextOfType("ping");
            assertThat(ping.path("timestamp").asText()).isNotEmpty();
            c.send("{\"type\":\"pong\"}");
            assertThat(c.nextOfType("ping")).isNotNull();
        }
    }

    @Test
    void aTokenForAnotherUserIsClosed4003ButAnAdminMayWatchAnyUser() {
        try (WsClient c = server.connect("/ws/0xvictim", server.token("0xattacker"))) {
            assertThat(c.awaitClose().code()).isEqualTo(4003);
        }
        String admin = new TokenIssuer(TestServer.JWT_SECRET).issue("ops", null, Duration.ofHours(1), List.of("admin"), null);
        try (WsClient c = server.connect("/ws/0xvictim", admin)) {
            assertThat(c.next().path("type").asText()).isEqualTo("connected");
        }
    }

    @Test
    void everyTabOfAUserGetsItsTargetedEventsAndTheBroadcasts() {
        try (WsClient tab1 = server.connect("/ws/0xabc", server.token("0xabc"));
             WsClient tab2 = server.connect("/ws/0xabc", server.token("0xabc"));
             WsClient other = server.connect("/ws/0xdef", server.token("0xdef"))) {
            for (WsClient c : List.of(tab1, tab2, other)) {
                c.nextOfType("connected");
            }
            server.api().publish("{\"type\":\"proof_complete\",\"user\":\"0xabc\",\"data\":{\"proof_hash\":\"0xfeed\"}}");
            server.api().publishEvent("market_change", "{\"pool_id\":\"p1\"}");
            for (WsClient c : List.of(tab1, tab2)) {
                JsonNode proof = c.nextOfType("proof_complete");
                assertThat(proof.path("data").path("proof_hash").asText()).isEqualTo("0xfeed");
                assertThat(proof.path("seq").asLong()).isPositive();
                assertThat(c.nextOfType("market_change")).isNotNull();
            }
            JsonNode first = other.nextMatching(m -> m.has("seq"));
            assertThat(first.path("type").asText()).isEqualTo("market_change");
        }
    }

    @Test
    void aClientThatStopsAnsweringIsClosedWith4009() throws Exception {
        try (RawWsClient dead = RawWsClient.connect(server.port(), "/ws/0xdead", server.token("0xdead"), 0)) {
            RawWsClient.Frame close = dead.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(4009);
            assertThat(new String(close.payload(), 2, close.payload().length - 2)).isEqualTo("keepalive timeout");
        }
    }

    @Test
    void healthIsNotAUser() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.connect("/ws/health", server.token("health")))
                .hasStackTraceContaining("404");
    }
}
