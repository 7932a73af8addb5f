package dev.herald.server.hardening;

import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.RawHttpClient;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies cost the server memory and CPU, so the server decides before reading one: who is asking
 * (401 first), what it claims to be (415), how big it says it is (413) — and it stops reading once a body
 * grows past {@code limits.max_request_bytes}.
 */
class RequestBodyHardeningTest {
    static final int LIMIT = 1 << 20;
    static TestServer server;
    static HttpApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("limits.max_request_bytes", String.valueOf(LIMIT)));
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
    void anUnauthenticatedHugeBodyIsRefusedBeforeItIsRead() throws Exception {
        try (RawHttpClient c = RawHttpClient.connect(server.port())) {
            c.head("POST /api/v1/events HTTP/1.1", "Content-Type: application/json", "Content-Length: 60000000");
            c.write(new byte[64 * 1024]);
            // The answer comes while 59.9 MB are still unsent: nothing of them was waited for or buffered.
            assertThat(c.status(5000)).isEqualTo(401);
        }
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefused413BeforeItIsRead() throws Exception {
        try (RawHttpClient c = RawHttpClient.connect(server.port())) {
            c.head("POST /api/v1/events HTTP/1.1", "Authorization: Bearer " + server.adminKey(),
                    "Content-Type: application/json", "Content-Length: " + (LIMIT + 1));
            assertThat(c.status(5000)).isEqualTo(413);
        }
    }

    @Test
    void aStreamedBodyThatGrowsPastTheLimitIsRefused413() throws Exception {
        try (RawHttpClient c = RawHttpClient.connect(server.port())) {
            c.head("POST /api/v1/events HTTP/1.1", "Authorization: Bearer " + server.adminKey(),
                    "Content-Type: application/json", "Transfer-Encoding: chunked");
            // Valid JSON however long it grows: only its size can refuse it.
            c.writeChunk("{\"type\":\"streamed\",\"data\":{}}".getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[64 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            for (int sent = 0; sent < 4 * LIMIT && !c.answered(); sent += spaces.length) {
                if (!c.writeChunk(spaces)) {
                    break;
                }
            }
            c.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.status(5000)).isEqualTo(413);
        }
    }

    @Test
    void aBodyUnderTheLimitIsStillAccepted() {
        String padded = "{\"type\":\"padded\",\"data\":{}}" + " ".repeat(LIMIT - 100);
        assertThat(api.publish(padded).status()).isEqualTo(202);
    }

    @Test
    void aHugeAuthenticatedBodyIsParsedOffTheEventLoopSoHealthKeepsAnswering() throws Exception {
        try (TestServer big = TestServer.start(Map.of("limits.max_request_bytes", String.valueOf(64 << 20)))) {
            StringBuilder sb = new StringBuilder(24 << 20).append("{\"events\":[{}");
            while (sb.length() < (24 << 20)) {
                sb.append(",{}");
            }
            String body = sb.append("]}").toString();
            Thread publisher = new Thread(() -> big.api().publish(body));
            publisher.start();
            // For as long as the body is sent and parsed (the publisher waits for its answer), and at least six
            // times: fresh connections are spread over the event loops, so probes reach the one that read the body.
            for (int probes = 0; publisher.isAlive() || probes < 6; probes++) {
                long t0 = System.nanoTime();
                assertThat(health(big)).isEqualTo(200);
                assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for /health").isLessThan(1500);
                Thread.sleep(25);
            }
            publisher.join(60_000);
        }
    }

    private static int health(TestServer s) throws Exception {
        try (RawHttpClient c = RawHttpClient.connect(s.port())) {
            c.head("GET /health HTTP/1.1", "Connection: close");
            return c.status(1500);
        }
    }

    @Test
    void onlyApplicationJsonIsAcceptedAsABody() {
        String event = "{\"type\":\"typed\",\"data\":{}}";
        assertThat(api.post("/api/v1/events", event, "application/jsonfoo").errorCode()).isEqualTo("unsupported_media_type");
        assertThat(api.post("/api/v1/events", event, "text/json").status()).isEqualTo(415);
        assertThat(api.post("/api/v1/events", event, null).status()).isEqualTo(415);
        assertThat(api.post("/api/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/x\"}", null).status()).isEqualTo(415);
        assertThat(api.post("/api/v1/events", event, "application/json; charset=utf-8").status()).isEqualTo(202);
        assertThat(api.post("/api/v1/events", event, "Application/JSON").status()).isEqualTo(202);
    }
}
