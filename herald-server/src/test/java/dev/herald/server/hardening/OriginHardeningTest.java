package dev.herald.server.hardening;

import dev.herald.server.testkit.RawHttpClient;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A browser sends the auth cookie with every request to Herald, whichever site's page opened it. The Origin header
 * says which site that was: only the Host's own origin and {@code server.allowed_origins} may open a stream
 * (SPEC §3), so a page on another site cannot read a user's events with their cookie.
 */
class OriginHardeningTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("server.allowed_origins", "https://app.example.com, http://localhost:3000"));
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
    void aCookieAuthenticatedUpgradeFromAnotherSiteIsRefused403() {
        for (String path : new String[] {"/ws/events", "/ws/alice", "/logs/ws"}) {
            assertThatThrownBy(() -> upgrade(path, "https://evil.example")).as(path)
                    .hasMessageContaining("upgrade refused: HTTP/1.1 403");
        }
        assertThatThrownBy(() -> upgrade("/ws/events", "null")).hasMessageContaining("403");
        // Same host name, other scheme or port: another origin.
        assertThatThrownBy(() -> upgrade("/ws/events", "http://127.0.0.1:1")).hasMessageContaining("403");
        assertThatThrownBy(() -> upgrade("/ws/events", "https://app.example.com:8443")).hasMessageContaining("403");
    }

    @Test
    void anUpgradeFromTheHostsOwnOriginOrAnAllowedOneIsAccepted() throws IOException {
        for (String origin : new String[] {"http://127.0.0.1:" + server.port(), "https://app.example.com",
                "HTTPS://App.Example.com:443", "http://localhost:3000"}) {
            try (RawWsClient ws = upgrade("/ws/events", origin)) {
                assertThat(ws.handshakeResponse()).as(origin).startsWith("HTTP/1.1 101");
            }
        }
    }

    @Test
    void anUpgradeWithoutOriginStillWorksForNonBrowserClients() throws IOException {
        try (RawWsClient ws = RawWsClient.connect(server.port(), "/ws/events", server.token("bob"), 0)) {
            assertThat(ws.handshakeResponse()).startsWith("HTTP/1.1 101");
        }
    }

    @Test
    void anSseRequestFromAnotherSiteIsRefused403AndFromItsOwnOriginServed() throws IOException {
        assertThat(sse("https://evil.example")).isEqualTo(403);
        assertThat(sse("http://127.0.0.1:" + server.port())).isEqualTo(200);
        assertThat(sse(null)).isEqualTo(200);
    }

    private static RawWsClient upgrade(String path, String origin) throws IOException {
        return RawWsClient.connect(server.port(), path, null, 0,
                "Origin: " + origin + "\r\nCookie: ks_access_token=" + server.token("alice") + "\r\n");
    }

    private static int sse(String origin) throws IOException {
        try (RawHttpClient c = RawHttpClient.connect(server.port())) {
            String cookie = "Cookie: ks_access_token=" + server.token("alice");
            if (origin == null) {
                c.head("GET /sse/events HTTP/1.1", cookie);
            } else {
                c.head("GET /sse/events HTTP/1.1", cookie, "Origin: " + origin);
            }
            return c.status(5000);
        }
    }
}
