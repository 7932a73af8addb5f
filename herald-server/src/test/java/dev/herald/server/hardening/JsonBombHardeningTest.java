package dev.herald.server.hardening;

import dev.herald.server.testkit.HealthProbe;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON built to cost the parser: nesting deeper than the 64 levels Herald reads (HTTP and WebSocket), a body of a
 * million tiny values within the request limit, an event whose data is a huge array of tiny objects, and long runs of
 * number digits. Each gets its documented 4xx (or is accepted when within every limit), {@code /health} keeps
 * answering within 100 ms, and the next ordinary publish is delivered.
 */
class JsonBombHardeningTest {
    static TestServer server;
    static HttpApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of());
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void jsonBombsGetTheirDocumentedErrorAndTheServerKeepsServing() throws Exception {
        try (WsClient witness = server.connect("/ws/events", server.token("witness"))) {
            witness.send("{\"action\":\"subscribe\",\"event_types\":[\"after.bomb\"]}");
            witness.nextOfType("subscribed");

            bomb("100,000 nested arrays (HTTP)", () -> {
                String deep = "[".repeat(100_000) + "]".repeat(100_000);
                assertThat(api.publish("{\"type\":\"deep\",\"data\":{\"x\":" + deep + "}}").errorCode()).isEqualTo("invalid_json");
            });
            bomb("65 nested objects, one past the depth limit", () -> assertThat(api.publish(
                    "{\"type\":\"deep\",\"data\":" + "{\"a\":".repeat(65) + "1" + "}".repeat(66)).errorCode()).isEqualTo("invalid_json"));
            bomb("1.3 million empty objects in data, 3.9 MB", () -> {
                StringBuilder tiny = new StringBuilder("{\"type\":\"tiny\",\"data\":{\"a\":[");
                while (tiny.length() < 3_900_000) {
                    tiny.append("{},");
                }
                HttpApiClient.Response many = api.publish(tiny.append("{}]}}").toString());
                assertThat(many.status()).as(many.body()).isEqualTo(413); // data over limits.max_event_bytes
                assertThat(many.errorCode()).isEqualTo("payload_too_large");
            });
            bomb("30,000 zeros in data, within the event limit", () -> {
                StringBuilder fits = new StringBuilder("{\"type\":\"tiny\",\"data\":{\"a\":[");
                while (fits.length() < 60_000) {
                    fits.append("0,");
                }
                assertThat(api.publish(fits.append("0]}}").toString()).status()).isEqualTo(202);
            });
            bomb("a 100,000-digit number", () -> assertThat(api.publish(
                    "{\"type\":\"digits\",\"data\":{\"n\":" + "9".repeat(100_000) + "}}").status()).isEqualTo(400));
            bomb("a batch of 200,000 numbers", () -> {
                StringBuilder batch = new StringBuilder("{\"events\":[");
                for (int i = 0; i < 200_000; i++) {
                    batch.append("1,");
                }
                assertThat(api.publish(batch.append("1]}").toString()).status()).isIn(400, 413);
            });
            bomb("10,000 nested arrays (WebSocket)", () -> {
                witness.send("{\"action\":\"subscribe\",\"event_types\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
                assertThat(witness.nextOfType("error").path("data").path("code").asText()).isEqualTo("invalid_message");
            });

            assertThat(api.publishEvent("after.bomb", "{}").status()).isEqualTo(202);
            assertThat(witness.nextOfType("after.bomb")).isNotNull();
        }
    }

    /** Runs one bomb while {@code /health} is probed, and checks it was served throughout. */
    private static void bomb(String what, Runnable attack) throws Exception {
        try (HealthProbe health = HealthProbe.start(server)) {
            attack.run();
            System.err.println("bomb " + what + ": max " + health.maxMillis() + " ms, p99 " + health.p99Millis()
                    + " ms over " + health.samples());
            health.assertServedThroughout();
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
    }
}
