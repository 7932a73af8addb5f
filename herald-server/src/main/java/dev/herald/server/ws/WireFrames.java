package dev.herald.server.ws;

import dev.herald.core.hub.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * WebSocket text frames in their wire form (RFC 6455 §5.2: FIN, opcode 1, length, payload; a server never
 * masks), built once and sent as-is to every connection of an event loop.
 *
 * <p>A hub shard delivers one {@link Frame} to all its subscribers before the next, so each event-loop
 * thread keeps the wire form of the last frame it sent and hands out {@linkplain ByteBuf#retainedDuplicate()
 * duplicates} of it: per recipient one small view object, instead of Netty's encoder allocating and copying
 * header and payload for each. Not thread-safe by design: one cache per thread, used on that thread only.
 */
final class WireFrames {
    private static final FastThreadLocal<WireFrames> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected WireFrames initialValue() {
            return new WireFrames();
        }
    };

    private Frame last;
    private ByteBuf lastWire;

    private WireFrames() {
    }

    /** A wire text frame for {@code frame}, owned by the caller (release it, or write it). Call on an event loop. */
    static ByteBuf of(Frame frame) {
        return PER_THREAD.get().wireOf(frame);
    }

    /** A wire text frame holding {@code utf8}, not cached (replies, recovery). */
    static ByteBuf of(byte[] utf8) {
        return encode(utf8);
    }

    private ByteBuf wireOf(Frame frame) {
        if (frame != last) {
            if (lastWire != null) {
                lastWire.release();
            }
            lastWire = encode(frame.utf8());
            last = frame;
        }
        return lastWire.retainedDuplicate();
    }

    private static ByteBuf encode(byte[] utf8) {
        int n = utf8.length;
        int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(header + n);
        out.writeByte(0x81); // FIN + text
        if (n < 126) {
            out.writeByte(n);
        } else if (n <= 0xFFFF) {
            out.writeByte(126).writeShort(n);
        } else {
            out.writeByte(127).writeLong(n);
        }
        return out.writeBytes(utf8);
    }
}
