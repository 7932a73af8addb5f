package dev.herald.server.hardening;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import dev.herald.server.testkit.RawHttpClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token's claims are the server's only idea of who is connecting. A {@code tenant} claim that is present but not
 * a non-empty string is a broken token, not a member of tenant {@code default}; and a browser, which can only put
 * the token in the URL, can use tokens as large as the server accepts (16 KiB).
 */
class JwtClaimsHardeningTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void theServerKeepsServingOthers() {
        assertThat(server.api().get("/health").status()).isEqualTo(200);
    }

    @Test
    void aTenantClaimThatIsNotANonEmptyStringIsRefusedNotTakenForTheDefaultTenant() throws Exception {
        for (String tenant : new String[] {"[\"default\"]", "null", "\"\"", "42", "{\"id\":\"default\"}"}) {
            String token = sign("{\"sub\":\"alice\",\"exp\":" + inAnHour() + ",\"tenant\":" + tenant + "}");
            try (WsClient c = server.connect("/ws/events", token)) {
                assertThat(c.awaitClose().code()).as("tenant %s", tenant).isEqualTo(4003);
            }
            assertThat(sseStatus(token)).as("SSE, tenant %s", tenant).isEqualTo(401);
        }
    }

    @Test
    void aTokenWithoutATenantClaimStillMeansTheDefaultTenant() throws Exception {
        String token = sign("{\"sub\":\"alice\",\"exp\":" + inAnHour() + "}");
        try (WsClient c = server.connect("/ws/events", token)) {
            c.send("{\"action\":\"ping\"}");
            assertThat(c.nextOfType("pong")).isNotNull();
        }
    }

    @Test
    void aTokenOf16KiBWorksInTheQueryString() throws Exception {
        for (int size : new int[] {4_300, 16 * 1024 - 64}) {
            String token = tokenOfLength(size);
            assertThat(token.length()).isBetween(size - 8, 16 * 1024);
            try (WsClient c = WsClient.connect(server.ws() + "/ws/events?token=" + token, Map.of())) {
                c.send("{\"action\":\"ping\"}");
                assertThat(c.nextOfType("pong")).as("%d-character token", token.length()).isNotNull();
            }
            assertThat(sseStatusByQuery(token)).isEqualTo(200);
        }
    }

    /** A valid token padded by an extra claim to about {@code length} characters. */
    private static String tokenOfLength(int length) throws JOSEException {
        String base = sign("{\"sub\":\"alice\",\"exp\":" + inAnHour() + ",\"pad\":\"\"}");
        int pad = (length - base.length()) * 3 / 4;
        return sign("{\"sub\":\"alice\",\"exp\":" + inAnHour() + ",\"pad\":\"" + "p".repeat(pad) + "\"}");
    }

    private static String sign(String claimsJson) throws JOSEException {
        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(claimsJson));
        jws.sign(new MACSigner(TestServer.JWT_SECRET));
        return jws.serialize();
    }

    private static long inAnHour() {
        return Instant.now().plusSeconds(3600).getEpochSecond();
    }

    private static int sseStatus(String token) throws IOException {
        try (RawHttpClient c = RawHttpClient.connect(server.port())) {
            c.head("GET /sse/events HTTP/1.1", "Authorization: Bearer " + token);
            return c.status(5000);
        }
    }

    private static int sseStatusByQuery(String token) throws IOException {
        try (RawHttpClient c = RawHttpClient.connect(server.port())) {
            c.head("GET /sse/events?token=" + token + " HTTP/1.1");
            return c.status(5000);
        }
    }
}
