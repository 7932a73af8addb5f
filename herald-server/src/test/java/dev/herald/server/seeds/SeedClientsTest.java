package dev.herald.server.seeds;

import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.NodeClients;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed documents' example clients, run unchanged against Herald. */
class SeedClientsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Seed 000 (KoreShield): the JavaScript client example, verbatim apart from the URL and token variables. */
    @Test
    void koreShieldJavaScriptClientReceivesAThreatEvent() throws Exception {
        String seedClient = """
                const WebSocket = require('ws');
                const token = process.env.TOKEN;
                const ws = new WebSocket("ws://localhost:8000/ws/events".replace("localhost:8000", process.env.HOSTPORT), [], {
                headers: { Authorization: `Bearer ${token}` }
                });

                ws.onmessage = (event) => {
                const data = JSON.parse(event.data);
                console.log(`[${data.type}]`, data.data);
                };

                ws.onerror = (err) => console.error("WebSocket error:", err);
                ws.onclose = (e) => console.log("Closed:", e.code, e.reason);
                ws.onopen = () => console.log("OPEN");
                """;
        Process p = NodeClients.node(seedClient, Map.of("TOKEN", server.token("dashboard"),
                "HOSTPORT", "127.0.0.1:" + server.port()));
        List<String> lines = collect(p);
        Eventually.until("the seed client is connected", () -> lines.contains("OPEN"));
        Eventually.until("the seed client's subscription is registered", () ->
                server.api(null).get("/ws/health").json().path("by_endpoint").path("/ws/events").asInt() >= 1);
        server.api().publishEvent("threat_detected",
                "{\"threat_id\":\"thr_abc123\",\"severity\":\"high\",\"attack_type\":\"prompt_injection\",\"confidence\":0.92,\"action_taken\":\"blocked\"}");
        Eventually.until("the seed client prints the event", () -> lines.stream().anyMatch(l -> l.startsWith("[threat_detected]")));
        assertThat(String.join("\n", lines)).contains("thr_abc123").contains("prompt_injection");
        p.destroy();
    }

    /** Seed 000 again: without a token, the close code 4003 is readable by the client. */
    @Test
    void koreShieldClientWithoutTokenSeesClose4003() throws Exception {
        String script = """
                const WebSocket = require('ws');
                const ws = new WebSocket("ws://" + process.env.HOSTPORT + "/ws/events");
                ws.onclose = (e) => { console.log("Closed:", e.code, e.reason); process.exit(0); };
                """;
        Process p = NodeClients.node(script, Map.of("HOSTPORT", "127.0.0.1:" + server.port()));
        assertThat(NodeClients.output(p, 20)).contains("Closed: 4003 unauthorized");
    }

    /** Seed 002 (Capital OS): the wscat session, with the token passed as a header. */
    @Test
    void capitalOsWscatSessionShowsAckPingsAndAProof() throws Exception {
        Path wscat = NodeClients.modules().resolve(".bin/wscat");
        try (TestServer fastPings = TestServer.start(Map.of("keepalive.interval", "500ms"))) {
            Process p = NodeClients.start(List.of(wscat.toString(), "-c", "ws://127.0.0.1:" + fastPings.port() + "/ws/0x123456",
                    "-H", "Authorization: Bearer " + fastPings.token("0x123456")), Map.of());
            Writer stdin = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            List<String> lines = collect(p);
            Eventually.until("wscat shows the connection acknowledgment", () -> lines.stream().anyMatch(l -> l.contains("\"type\":\"connected\"")));
            Eventually.until("wscat shows a periodic ping", () -> lines.stream().anyMatch(l -> l.contains("\"type\":\"ping\"")));
            fastPings.api().publish("{\"type\":\"proof_complete\",\"user\":\"0x123456\",\"data\":{\"proof_type\":\"risk\",\"proof_hash\":\"0xabc\",\"success\":true}}");
            Eventually.until("wscat shows the proof", () -> lines.stream().anyMatch(l -> l.contains("proof_complete") && l.contains("0xabc")));
            stdin.write("{\"type\":\"pong\"}\n");
            stdin.flush();
            p.destroy();
        }
    }

    /** The client's output without wscat's prompt and terminal colours. */
    private static List<String> collect(Process p) {
        return NodeClients.lines(p, line -> line.replaceAll("\u001B\\[[;\\d]*[A-Za-z]", "").replace("< ", "").trim());
    }
}
