package dev.herald.server.hardening;

import dev.herald.server.testkit.HealthProbe;
import dev.herald.server.testkit.RawHttpClient;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that abuse the HTTP head: dribbling it a byte at a time (slowloris), and heads larger than the server reads
 * (431 above Vert.x's limit, the 16 KiB token plus 8 KiB; 414 for a request line).
 *
 * <p>Slowloris is only partly handled: Vert.x 5.0.8 has no request-head timeout, its {@code connectionHandler} runs only
 * once the first head is complete (measured), and an idle timeout does not stop a client that keeps sending a byte.
 * So a dribbling connection is held for as long as it dribbles; what holds is that it costs one socket and no event
 * loop time, and everyone else is served. The timeout is an open item in docs/security.md.
 */
class SlowHttpHardeningTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void connectionsDribblingTheirHeadersDoNotStopOthersBeingServed() throws Exception {
        List<RawHttpClient> slow = new ArrayList<>();
        try (HealthProbe health = HealthProbe.start(server)) {
            for (int i = 0; i < 200; i++) {
                RawHttpClient c = RawHttpClient.connect(server.port());
                c.write("POST /api/v1/events HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(c);
            }
            for (int round = 0; round < 20; round++) {
                for (RawHttpClient c : slow) {
                    c.write("X".getBytes(StandardCharsets.US_ASCII)); // one more header byte: never idle, never done
                }
                assertThat(server.api().publishEvent("while.dribbled", "{}").status()).isEqualTo(202);
                Thread.sleep(50);
            }
            health.assertServedThroughout();
        } finally {
            for (RawHttpClient c : slow) {
                c.close();
            }
        }
    }

    @Test
    void oversizedHeadersAndRequestLinesAreRefusedAndTheServerGoesOn() throws Exception {
        try (RawHttpClient c = RawHttpClient.connect(server.port())) {
            c.head("GET /health HTTP/1.1", "X-Big: " + "a".repeat(64 * 1024));
            assertThat(c.status(5000)).isEqualTo(431);
        }
        try (RawHttpClient c = RawHttpClient.connect(server.port())) {
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) { // ~55 KB of small headers (2,000 of them, ~20 KB, are within the limit)
                many.add("X-H" + i + ": v");
            }
            c.head("GET /health HTTP/1.1", many.toArray(String[]::new));
            assertThat(c.status(5000)).isEqualTo(431);
        }
        try (RawHttpClient c = RawHttpClient.connect(server.port())) {
            c.head("GET /health?" + "q".repeat(64 * 1024) + " HTTP/1.1");
            assertThat(c.status(5000)).isEqualTo(414);
        }
        assertThat(server.api().get("/health").status()).isEqualTo(200);
        assertThat(server.api().publishEvent("still.serving", "{}").status()).isEqualTo(202);
    }
}
