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
    /** Where {@link #peek} encodes a frame that is not the cached one, and a flush lays out several; reused, grown as needed. */
    private ByteBuf scratch;

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

    /**
     * The wire form of {@code frame} to read at once and not keep: the cached one when it is the last frame sent on
     * this thread, else encoded into a buffer this thread reuses at the next call. Not retained: never release it,
     * and copy what must outlive the caller's current task.
     */
    static ByteBuf peek(Frame frame) {
        WireFrames w = PER_THREAD.get();
        if (frame == w.last) {
            return w.lastWire;
        }
        return encodeInto(w.scratchOf(size(frame.size())), frame.utf8());
    }

    /**
     * This thread's scratch buffer, cleared, with room for {@code bytes}: valid until the next {@link #peek} or
     * {@code scratch} call on this thread; never release it.
     */
    static ByteBuf scratch(int bytes) {
        return PER_THREAD.get().scratchOf(bytes);
    }

    private ByteBuf scratchOf(int bytes) {
        if (scratch == null || scratch.capacity() < bytes) {
            if (scratch != null) {
                scratch.release();
            }
            scratch = ByteBufAllocator.DEFAULT.directBuffer(Math.max(bytes, 4096));
        }
        return scratch.clear();
    }

    /** The wire size of a text frame with {@code payload} bytes: 2, 4 or 10 bytes of header, then the payload. */
    static int size(int payload) {
        return (payload < 126 ? 2 : payload <= 0xFFFF ? 4 : 10) + payload;
    }

    /** Appends a wire text frame holding {@code utf8} to {@code out}; returns {@code out}. */
    static ByteBuf encodeInto(ByteBuf out, byte[] utf8) {
        int n = utf8.length;
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
        return encodeInto(ByteBufAllocator.DEFAULT.directBuffer(size(utf8.length)), utf8);
    }
}
