package dev.herald.server.ws;

import dev.herald.core.event.Event;
import dev.herald.core.hub.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One delivery's encoding cost: a hub frame handed to one connection's pipeline and taken off its far end, the way
 * Herald did it before (a {@code TextWebSocketFrame} that Netty's encoder turns into a new buffer, header and payload
 * copied) and now ({@link WireFrames}: a duplicate of one pre-built wire frame, written past the encoder). Both go
 * through an {@link EmbeddedChannel} with the same encoder, so the difference is the encoding. Run with
 * {@code -prof gc} for bytes allocated per delivery.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireFrameBench {
    @Param({"200", "2000"})
    int payloadBytes;

    private EmbeddedChannel channel;
    private Frame frame;

    @Setup
    public void setUp() {
        channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        String data = "{\"pad\":\"" + "x".repeat(Math.max(0, payloadBytes - 120)) + "\"}";
        frame = Frame.of(new Event("evt_1", "bench", "default", null, null, null, Instant.now(), data, 1));
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public int textFrameThroughNettyEncoder() {
        channel.writeOutbound(new TextWebSocketFrame(true, 0, Unpooled.wrappedBuffer(frame.utf8())));
        return drain();
    }

    @Benchmark
    public int sharedWireFrame() {
        channel.writeOutbound(WireFrames.of(frame));
        return drain();
    }

    private int drain() {
        int bytes = 0;
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            bytes += b.readableBytes();
            b.release();
        }
        return bytes;
    }
}
