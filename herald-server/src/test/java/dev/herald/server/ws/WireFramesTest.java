package dev.herald.server.ws;

import dev.herald.core.event.Event;
import dev.herald.core.hub.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Herald writes WebSocket frames itself ({@link WireFrames}); a standard decoder must read them back exactly, at
 * every length encoding of RFC 6455 §5.2 (7-bit, 16-bit and 64-bit), and a shared frame must survive being handed
 * to many connections.
 */
class WireFramesTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
    void aClientDecoderReadsTheFrameBackAtEveryLengthEncoding(int length) {
        byte[] text = "é".repeat(length / 2).concat(length % 2 == 1 ? "x" : "").getBytes(StandardCharsets.UTF_8);
        assertThat(text).hasSize(length);
        TextWebSocketFrame decoded = decode(WireFrames.of(text));
        try {
            assertThat(decoded.isFinalFragment()).isTrue();
            assertThat(decoded.text()).isEqualTo(new String(text, StandardCharsets.UTF_8));
        } finally {
            decoded.release();
        }
    }

    @Test
    void oneFrameSharedByManyConnectionsArrivesWholeAtEachAndIsFreedAfterTheLast() {
        Frame frame = Frame.of(new Event("evt_1", "t", "default", null, null, null, Instant.now(), "{\"n\":1}", 7));
        ByteBuf[] sent = new ByteBuf[3];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = WireFrames.of(frame);
        }
        for (ByteBuf b : sent) {
            TextWebSocketFrame decoded = decode(b);
            assertThat(decoded.text()).isEqualTo(frame.text());
            decoded.release();
        }
        // The next frame replaces the cached one: the old wire bytes are released once every copy is.
        ByteBuf next = WireFrames.of(Frame.of(new Event("evt_2", "t", "default", null, null, null, Instant.now(), "{}", 8)));
        assertThat(sent[0].refCnt()).isZero();
        next.release();
    }

    /** What a client does with the bytes: Netty's standard decoder, as a client (frames from a server are unmasked). */
    private static TextWebSocketFrame decode(ByteBuf wire) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(
                WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
        client.writeInbound(wire);
        TextWebSocketFrame frame = client.readInbound();
        assertThat(frame).isNotNull();
        client.finishAndReleaseAll();
        return frame;
    }
}
