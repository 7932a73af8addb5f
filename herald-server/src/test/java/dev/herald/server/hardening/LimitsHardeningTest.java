package dev.herald.server.hardening;

import dev.herald.core.store.ApiKey;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.HealthProbe;
import dev.herald.server.testkit.RawHttpClient;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The limits that keep one client from taking a node (issue #13 item 9): publish rate per API key (429 with
 * {@code Retry-After}), connections in total (503 before the upgrade), per IP (429 before the upgrade) and per user
 * (close 1013 after it, where a browser can read it), and messages per second per connection. Each refusal is
 * counted in {@code /metrics}; others keep being served. Limits are tiny here so the tests stay fast.
 */
class LimitsHardeningTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("limits.publish_rate", "1", "limits.publish_burst", "5",
                "limits.connections_per_user", "3", "limits.client_message_rate", "5", "limits.client_message_burst", "5"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aKeyOverItsPublishRateGets429WithRetryAfterAndOtherKeysAreNotSlowed() throws Exception {
        String key = server.newKey("default", ApiKey.Scope.PUBLISH);
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(publish(key));
        }
        assertThat(answers.stream().filter(r -> r.statusCode() == 202).count()).isBetween(5L, 6L);
        HttpResponse<String> refused = answers.get(answers.size() - 1);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("\"code\":\"too_many_requests\"");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
        assertThat(publish(server.newKey("default", ApiKey.Scope.PUBLISH)).statusCode()).isEqualTo(202);
        assertThat(metrics()).containsPattern("herald_rate_limited_total\\{limit=\"publish\"} [1-9]");
        Eventually.until("the bucket refills", () -> publish(key).statusCode() == 202);
    }

    @Test
    void aUsersConnectionsBeyondTheLimitAreClosed1013AndOtherUsersConnect() {
        String bob = server.token("bob");
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                WsClient c = server.connect("/ws/events", bob);
                c.send("{\"action\":\"ping\"}");
                assertThat(c.nextOfType("pong")).isNotNull();
                open.add(c);
            }
            try (WsClient fourth = server.connect("/ws/events", bob)) {
                WsClient.Close close = fourth.awaitClose();
                assertThat(close.code()).isEqualTo(1013);
                assertThat(close.reason()).isEqualTo("too many connections");
            }
            assertThat(sseStatus(bob)).as("SSE counts as one of bob's connections").isEqualTo(429);
            try (WsClient carol = server.connect("/ws/carol", server.token("carol"))) {
                assertThat(carol.nextOfType("connected")).isNotNull();
            }
            open.remove(0).close();
            Eventually.until("bob's closed connection is released", () -> {
                try (WsClient again = server.connect("/ws/events", bob)) {
                    again.send("{\"action\":\"ping\"}");
                    return again.nextMatching(m -> true).path("type").asText().equals("pong");
                } catch (AssertionError e) {
                    return false;
                }
            });
        } finally {
            open.forEach(WsClient::close);
        }
        assertThat(metrics()).containsPattern("herald_connections_refused_total\\{reason=\"per_user\"} [1-9]");
    }

    @Test
    void aClientFloodingMessagesGetsTooManyRequestsThenIsClosed1008AndOthersKeepTheirReplies() throws Exception {
        try (HealthProbe health = HealthProbe.start(server);
             RawWsClient flood = RawWsClient.connect(server.port(), "/ws/events", server.token("mallory"), 0);
             WsClient calm = server.connect("/ws/events", server.token("dave"))) {
            for (int i = 0; i < 40; i++) {
                flood.sendText("{\"action\":\"ping\"}");
            }
            int pongs = 0;
            int limited = 0;
            RawWsClient.Frame f;
            while (!(f = flood.readFrame()).isClose()) {
                pongs += f.text().contains("\"pong\"") ? 1 : 0;
                limited += f.text().contains("too_many_requests") ? 1 : 0;
            }
            assertThat(pongs).isBetween(5, 6);
            assertThat(limited).isBetween(1, 20);
            assertThat(f.closeCode()).isEqualTo(1008);
            calm.send("{\"action\":\"ping\"}");
            assertThat(calm.nextOfType("pong")).isNotNull();
            health.assertServedThroughout();
        }
        assertThat(metrics()).containsPattern("herald_rate_limited_total\\{limit=\"client_messages\"} [1-9]");
    }

    @Test
    void connectionsBeyondTheTotalOrPerIpLimitAreRefusedBeforeTheUpgrade() throws Exception {
        for (String[] limit : new String[][] {{"limits.connections_total", "503"}, {"limits.connections_per_ip", "429"}}) {
            try (TestServer small = TestServer.start(Map.of(limit[0], "2"))) {
                String token = small.token("erin");
                try (RawWsClient a = RawWsClient.connect(small.port(), "/ws/events", token, 0);
                     RawWsClient b = RawWsClient.connect(small.port(), "/ws/events", token, 0)) {
                    assertThatThrownBy(() -> RawWsClient.connect(small.port(), "/ws/events", token, 0))
                            .isInstanceOf(IOException.class).hasMessageContaining("HTTP/1.1 " + limit[1]);
                    try (RawHttpClient sse = RawHttpClient.connect(small.port())) {
                        sse.head("GET /sse/events HTTP/1.1", "Authorization: Bearer " + token);
                        assertThat(sse.status(5000)).isEqualTo(Integer.parseInt(limit[1]));
                    }
                    assertThat(small.api().get("/health").status()).isEqualTo(200);
                }
                Eventually.until("dropped connections are released", () -> {
                    try (RawWsClient c = RawWsClient.connect(small.port(), "/ws/events", token, 0)) {
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
                String reason = limit[0].endsWith("total") ? "total" : "per_ip";
                assertThat(small.api().get("/metrics").body())
                        .containsPattern("herald_connections_refused_total\\{reason=\"" + reason + "\"} [1-9]")
                        .contains("herald_limit{name=\"" + limit[0].substring("limits.".length()) + "\"} 2.0");
            }
        }
    }

    private static HttpResponse<String> publish(String key) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.http() + "/api/v1/events"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"limited\",\"data\":{}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int sseStatus(String token) {
        try (RawHttpClient c = RawHttpClient.connect(server.port())) {
            c.head("GET /sse/events HTTP/1.1", "Authorization: Bearer " + token);
            return c.status(5000);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String metrics() {
        return server.api().get("/metrics").body();
    }
}
