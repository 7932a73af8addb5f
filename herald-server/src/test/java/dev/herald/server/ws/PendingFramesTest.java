package dev.herald.server.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow consumer's discard keeps only the rest of the frame its socket stopped in: with several frames in one buffer
 * (a drain's frames handed to Netty together), the whole frames after it are dropped, and none is torn.
 */
class PendingFramesTest {

    @Test
    void theFrameABytePositionLiesInEndsWhereItsHeaderSaysAtEveryLengthEncoding() {
        ByteBuf wire = Unpooled.buffer();
        int[] payloads = {3, 125, 126, 300, 70_000, 0, 5};
        int[] starts = new int[payloads.length + 1];
        for (int i = 0; i < payloads.length; i++) {
            starts[i] = wire.writerIndex();
            WireFrames.encodeInto(wire, "x".repeat(payloads[i]).getBytes(StandardCharsets.UTF_8));
        }
        starts[payloads.length] = wire.writerIndex();
        for (int i = 0; i < payloads.length; i++) {
            assertThat(PendingFrames.endOfFrameAt(wire, starts[i])).as("frame %d's first byte: nothing of it sent", i)
                    .isEqualTo(starts[i]);
            assertThat(PendingFrames.endOfFrameAt(wire, starts[i] + 1)).as("inside frame %d's header", i)
                    .isEqualTo(starts[i + 1]);
            assertThat(PendingFrames.endOfFrameAt(wire, starts[i + 1] - 1)).as("frame %d's last byte", i)
                    .isEqualTo(starts[i + 1]);
        }
        wire.release();
    }

    @Test
    void aFrameCutShortByTheBufferEndsAtTheBuffersEnd() {
        ByteBuf wire = Unpooled.buffer();
        WireFrames.encodeInto(wire, new byte[10]);
        wire.writeByte(0x81).writeByte(126); // a header whose 16-bit length is not there
        assertThat(PendingFrames.endOfFrameAt(wire, 13)).isEqualTo(wire.writerIndex());
        wire.release();
    }
}
