package dev.herald.server.ws;

import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.NodeClients;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * permessage-deflate (RFC 7692) is opt-in ({@code server.websocket_compression}): by default a client that offers
 * it gets plain frames (one encoded frame shared by every connection); with the option on, it gets compressed
 * messages that it can inflate, and browsers' and Node's clients work either way.
 */
class WebSocketCompressionTest {
    private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
    /** Compressible data: what a dashboard receives is repetitive JSON. */
    private static final String DATA = "{\"rows\":[" + "{\"severity\":\"high\",\"action\":\"blocked\"},".repeat(40)
            + "{\"last\":true}]}";

    @Test
    void byDefaultAnOfferOfCompressionIsDeclinedAndFramesArePlain() throws Exception {
        try (TestServer server = TestServer.start(Map.of());
             RawWsClient raw = RawWsClient.connect(server.port(), "/ws/events", server.token("plain"), 0, OFFER)) {
            assertThat(raw.handshakeResponse().toLowerCase()).doesNotContain("sec-websocket-extensions");
            awaitRegistered(server);
            server.api().publishEvent("report", DATA);
            Received event = nextEvent(raw, null);
            assertThat(event.frame().rsv1()).isFalse();
            assertThat(event.json()).contains("\"type\":\"report\"").contains("\"last\":true");
        }
    }

    @Test
    void whenEnabledEventsArriveCompressedAndInflateToTheSameJson() throws Exception {
        try (TestServer server = TestServer.start(Map.of("server.websocket_compression", "true"));
             RawWsClient raw = RawWsClient.connect(server.port(), "/ws/events", server.token("deflated"), 0, OFFER)) {
            assertThat(raw.handshakeResponse().toLowerCase()).contains("sec-websocket-extensions: permessage-deflate");
            awaitRegistered(server);
            Inflater inflater = new Inflater(true); // the server may keep its window across messages: one inflater
            for (int i = 1; i <= 2; i++) {
                server.api().publishEvent("report", DATA);
                Received event = nextEvent(raw, inflater);
                assertThat(event.frame().rsv1()).isTrue();
                assertThat(event.json()).contains("\"last\":true").contains("\"seq\":" + i);
                assertThat(event.frame().payload().length).isLessThan(event.json().length() / 4);
            }
        }
    }

    /** Node's ws offers permessage-deflate by default, as browsers do: the seed's client code reads events as before. */
    @Test
    void nodeWsClientNegotiatesCompressionAndReadsEvents() throws Exception {
        try (TestServer server = TestServer.start(Map.of("server.websocket_compression", "true"))) {
            String script = """
                    const WebSocket = require('ws');
                    const ws = new WebSocket("ws://" + process.env.HOSTPORT + "/ws/events?token=" + process.env.TOKEN);
                    ws.on('open', () => console.log("OPEN " + ws.extensions));
                    ws.on('message', (m) => { const e = JSON.parse(m); if (e.type === 'report') { console.log("GOT " + e.data.rows.length); process.exit(0); } });
                    """;
            Process p = NodeClients.node(script, Map.of("TOKEN", server.token("node"), "HOSTPORT", "127.0.0.1:" + server.port()));
            List<String> lines = NodeClients.lines(p);
            Eventually.until("the Node client is connected", () -> lines.stream().anyMatch(l -> l.startsWith("OPEN")));
            awaitRegistered(server);
            server.api().publishEvent("report", DATA);
            Eventually.until("the Node client read the event", () -> lines.contains("GOT 41"));
            assertThat(lines.get(0)).contains("permessage-deflate");
            p.destroy();
        }
    }

    private static void awaitRegistered(TestServer server) {
        Eventually.until("the subscriber is registered",
                () -> server.api(null).get("/ws/health").json().path("connections").asInt() >= 1);
    }

    private record Received(RawWsClient.Frame frame, String json) {
    }

    /**
     * The next text message that carries a "report" event, skipping others (system_status) and control frames; every
     * compressed message is inflated once, in order, as the shared window requires.
     */
    private static Received nextEvent(RawWsClient raw, Inflater inflater) throws Exception {
        while (true) {
            RawWsClient.Frame f = raw.readFrame();
            if (f.opcode() != 1) {
                continue;
            }
            String text = f.rsv1() ? inflate(inflater, f.payload()) : f.text();
            if (text.contains("\"type\":\"report\"")) {
                return new Received(f, text);
            }
        }
    }

    /** RFC 7692 §7.2.2: append 00 00 ff ff to the message and inflate it (raw deflate, no zlib header). */
    private static String inflate(Inflater inflater, byte[] compressed) throws Exception {
        byte[] in = new byte[compressed.length + 4];
        System.arraycopy(compressed, 0, in, 0, compressed.length);
        in[compressed.length + 2] = (byte) 0xff;
        in[compressed.length + 3] = (byte) 0xff;
        inflater.setInput(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = inflater.inflate(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
