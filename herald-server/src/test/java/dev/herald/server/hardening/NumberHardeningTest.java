package dev.herald.server.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.HttpApiClient.Response;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers are where JSON parsers differ. A literal with a fraction or exponent is a double (SPEC §7): one a double
 * holds is delivered, one it cannot hold is the publisher's error (400), never the server's (500).
 */
class NumberHardeningTest {
    static TestServer server;
    static HttpApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void theServerKeepsServingOthers() {
        assertThat(api.get("/health").status()).isEqualTo(200);
        assertThat(api.publishEvent("still.serving", "{}").status()).isEqualTo(202);
    }

    @Test
    void anExponentBeyondWhatADoubleHoldsIsA400NotA500() {
        for (String n : new String[] {"1e10000", "-1e10000", "1e999999999", "1.5E+400"}) {
            Response r = api.publishEvent("x", "{\"n\":" + n + "}");
            assertThat(r.status()).as(n).isEqualTo(400);
            assertThat(r.errorCode()).as(n).isEqualTo("unsafe_number");
            assertThat(r.json().path("error").path("field").asText()).isEqualTo("data.n");
        }
    }

    @Test
    void aLargeDoubleSuchAs1e21IsAcceptedAndDeliveredAsThatDouble() {
        try (WsClient c = server.connect("/ws/events", server.token("numbers"))) {
            c.send("{\"action\":\"subscribe\",\"event_types\":[\"big.double\"]}");
            c.nextOfType("subscribed");
            Response r = api.publishEvent("big.double", "{\"big\":1e21,\"neg\":-2.5E+300,\"tiny\":1e-10000,\"plain\":45000.0}");
            assertThat(r.status()).isEqualTo(202);
            JsonNode data = c.nextOfType("big.double").path("data");
            assertThat(data.path("big").doubleValue()).isEqualTo(1e21);
            assertThat(data.path("neg").doubleValue()).isEqualTo(-2.5e300);
            assertThat(data.path("tiny").doubleValue()).isEqualTo(0.0);
            assertThat(data.path("plain").toString()).isEqualTo("45000.0");
        }
    }
}
