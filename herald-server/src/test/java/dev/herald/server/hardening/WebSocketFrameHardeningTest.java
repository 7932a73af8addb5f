package dev.herald.server.hardening;

import dev.herald.server.testkit.HealthProbe;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket frames that break RFC 6455 — reserved opcodes and bits, unmasked or oversized control frames, fragmented
 * control frames, a continuation with nothing to continue, a frame cut off mid-payload — end that connection (close
 * 1002, or the socket is dropped) and nothing else: a subscriber on the same node keeps receiving every event
 * published meanwhile and {@code /health} keeps answering within 100 ms.
 */
class WebSocketFrameHardeningTest {
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
    void malformedFramesCloseOnlyTheirConnectionAndNothingAcceptedIsLost() throws Exception {
        try (HealthProbe health = HealthProbe.start(server);
             WsClient witness = server.connect("/ws/events", server.token("witness"))) {
            witness.send("{\"action\":\"subscribe\",\"event_types\":[\"kept\"]}");
            witness.nextOfType("subscribed");
            int published = 0;
            for (Malformed m : Malformed.values()) {
                try (RawWsClient c = RawWsClient.connect(server.port(), "/ws/events", server.token("mallory"), 0)) {
                    m.send(c);
                    assertThat(outcome(c)).as(m.name()).isIn(m.expected);
                }
                assertThat(server.api().publishEvent("kept", "{\"after\":\"" + m + "\"}").status()).isEqualTo(202);
                published++;
            }
            for (int i = 0; i < published; i++) {
                assertThat(witness.nextOfType("kept").path("data").path("after").asText())
                        .isEqualTo(Malformed.values()[i].name());
            }
            health.assertServedThroughout();
        }
    }

    /** Outcomes: the close code sent, {@link #DROPPED} without one, {@link #ERROR_REPLY} when answered and kept open. */
    static final int DROPPED = -1;
    static final int ERROR_REPLY = 0;

    private static int outcome(RawWsClient c) throws IOException {
        c.readTimeout(3000);
        boolean errorReply = false;
        try {
            while (true) {
                RawWsClient.Frame f = c.readFrame();
                if (f.isClose()) {
                    return f.closeCode();
                }
                errorReply |= f.text().contains("\"invalid_message\"");
            }
        } catch (EOFException | java.net.SocketException e) {
            return DROPPED;
        } catch (java.net.SocketTimeoutException e) {
            if (errorReply) {
                return ERROR_REPLY;
            }
            throw new AssertionError("no close, no drop and no error reply within 3 s", e);
        }
    }

    enum Malformed {
        RESERVED_OPCODE { void send(RawWsClient c) throws IOException { c.sendFrame(0x3, new byte[] {1}); } },
        RESERVED_CONTROL_OPCODE { void send(RawWsClient c) throws IOException { c.sendFrame(0xB, new byte[0]); } },
        RSV1_WITHOUT_EXTENSION { void send(RawWsClient c) throws IOException { raw(c, 0x80 | 0x40 | 0x1, true, "{}"); } },
        UNMASKED_FRAME { void send(RawWsClient c) throws IOException { raw(c, 0x81, false, "{\"action\":\"ping\"}"); } },
        PING_OVER_125_BYTES { void send(RawWsClient c) throws IOException { c.sendFrame(0x9, new byte[126]); } },
        FRAGMENTED_PING { void send(RawWsClient c) throws IOException { c.sendFrame(0x9, false, new byte[] {1}); } },
        CONTINUATION_WITHOUT_START { void send(RawWsClient c) throws IOException { c.sendFrame(0x0, true, new byte[] {'x'}); } },
        TEXT_THEN_NEW_TEXT_INSTEAD_OF_CONTINUATION { void send(RawWsClient c) throws IOException {
            c.sendFrame(0x1, false, "{\"act".getBytes(StandardCharsets.UTF_8));
            c.sendFrame(0x1, true, "ion\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
        } },
        INVALID_UTF8_TEXT(1002, 1007, DROPPED, ERROR_REPLY) { void send(RawWsClient c) throws IOException { c.sendFrame(0x1, new byte[] {(byte) 0xC3, 0x28}); } },
        TRUNCATED_THEN_HALF_CLOSED { void send(RawWsClient c) throws IOException {
            c.sendFrameHeader(0x1, 1000);
            c.shutdownOutput(); // 1,000 bytes promised, none sent, and the client is done writing
        } };

        /** What RFC 6455 and SPEC §3 allow: a protocol error ends the connection; text that is no JSON is answered. */
        final Integer[] expected;

        Malformed() {
            this(1002, DROPPED);
        }

        Malformed(Integer... expected) {
            this.expected = expected;
        }

        abstract void send(RawWsClient c) throws IOException;

        /** One frame with the exact first byte given, masked or not. */
        static void raw(RawWsClient c, int firstByte, boolean masked, String text) throws IOException {
            byte[] p = text.getBytes(StandardCharsets.UTF_8);
            byte[] mask = {7, 7, 7, 7};
            OutputStream out = c.output();
            out.write(firstByte);
            out.write((masked ? 0x80 : 0) | p.length);
            if (masked) {
                out.write(mask);
                for (int i = 0; i < p.length; i++) {
                    p[i] ^= mask[i % 4];
                }
            }
            out.write(p);
            out.flush();
        }
    }
}
