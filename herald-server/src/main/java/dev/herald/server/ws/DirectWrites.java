package dev.herald.server.ws;

import dev.herald.core.hub.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.FileDescriptor;

import java.io.IOException;
import java.util.List;

/**
 * Event frames written to the socket with one {@code write(2)} and nothing else, as long as Netty holds nothing for
 * the connection (the usual case: the client keeps up).
 *
 * <p>Through Netty each delivery costs a view of the shared frame, a pipeline walk, an outbound-buffer entry and its
 * flush bookkeeping — more Java time per delivery than the rest of the fan-out together (JFR, docs/benchmarks.md,
 * issue #15 target 3). Here a hub drain's frames for one connection are held instead: one frame as a reference to
 * the shared {@link Frame}, several copied back to back into one buffer (the way uWebSockets corks a socket), and
 * the flush at the end of the drain writes them straight to the file descriptor. What the socket does not take is
 * handed to Netty, whose buffer then orders everything after it (writes check {@link #holding()} and Netty's
 * pending bytes), waits for the socket to drain and counts towards the client's queue limit as before.
 *
 * <p>Only for native epoll channels with no outbound handler between the WebSocket encoder and the socket (no TLS,
 * no compression); elsewhere {@link #of} gives null and every frame goes through Netty. One instance per connection,
 * used on its event loop only.
 */
final class DirectWrites {
    /**
     * Where corks come from: Netty's pooled allocator, whose per-thread caches and arenas keep their chunks. Thousands
     * of corks live for one drain and are freed together; from the channel's adaptive allocator they came with chunk
     * set-up per drain (its chunk free lists and queues were ~12 % of the allocation samples of a saturated run).
     */
    private static final ByteBufAllocator CORKS = io.netty.buffer.PooledByteBufAllocator.DEFAULT;
    private final Channel channel;
    private final FileDescriptor fd;
    /** Where what is held is kept: this event loop's table (see there why not a field here). */
    private final LoopHolds holds;
    /**
     * The slot in {@link #holds} of what is held, when {@link #held} is not 0: one {@link Frame}, not copied anywhere
     * yet, or — two or more frames — a cork buffer with them in wire form.
     */
    private int slot;
    /** Bytes held, in wire form (kept here: reading the frame or the buffer would cost a cache miss per delivery). */
    private int held;

    private DirectWrites(Channel channel, FileDescriptor fd, LoopHolds holds) {
        this.channel = channel;
        this.fd = fd;
        this.holds = holds;
    }

    /**
     * Direct writes for {@code channel}, or null when its bytes must go through the pipeline: not a native epoll
     * socket, or something between {@code encoder} and the socket handles outbound messages (TLS). Call on the
     * channel's event loop (elsewhere: null).
     */
    static DirectWrites of(Channel channel, ChannelHandlerContext encoder) {
        if (!(channel instanceof EpollSocketChannel epoll) // non-blocking, and its fd() is the socket
                || !channel.eventLoop().inEventLoop()) {
            return null;
        }
        List<String> names = channel.pipeline().names();
        for (String name : names) {
            if (name.equals(encoder.name())) {
                return new DirectWrites(channel, epoll.fd(), LoopHolds.current());
            }
            if (channel.pipeline().get(name) instanceof ChannelOutboundHandler) {
                return null;
            }
        }
        return null;
    }

    /** Whether frames are held for the next {@link #flush}. */
    boolean holding() {
        return held != 0;
    }

    /** Bytes held, in wire form. */
    int heldBytes() {
        return held;
    }

    /** Holds {@code frame} after what is held already. */
    void add(Frame frame) {
        int size = WireFrames.size(frame.size());
        if (held == 0) {
            slot = holds.hold(frame);
            held = size;
            return;
        }
        Object holding = holds.get(slot);
        ByteBuf cork;
        if (holding instanceof Frame single) {
            cork = CORKS.directBuffer(2 * held + size);
            WireFrames.encodeInto(cork, single.utf8());
            holds.set(slot, cork);
        } else {
            cork = (ByteBuf) holding;
        }
        WireFrames.encodeInto(cork, frame.utf8());
        held += size;
    }

    /** Empties the slot; returns what it held (null when nothing was). */
    private Object release() {
        if (held == 0) {
            return null;
        }
        held = 0;
        return holds.release(slot);
    }

    /** What is held, as one buffer for Netty to write (the caller owns it); null when nothing is. */
    ByteBuf take() {
        Object holding = release();
        return holding instanceof Frame single ? WireFrames.of(single) : (ByteBuf) holding;
    }

    /** Drops what is held (a slow consumer's backlog, a closed connection). */
    void discard() {
        if (release() instanceof ByteBuf cork) {
            cork.release();
        }
    }

    /**
     * Writes what is held to the socket. Returns null when it took everything; else the rest, as a buffer for the
     * caller to write and flush through Netty (owned by the caller; its reader index is where the socket stopped, so
     * {@link PendingFrames} knows where the partly written frame starts). On a socket error everything goes to
     * Netty, which meets the same error and closes the connection as it always does.
     */
    ByteBuf flush() {
        if (!holding()) {
            return null;
        }
        if (!fd.isOpen()) { // closed on this thread, its inactive event not run yet: the number may be another socket's now
            discard();
            return null;
        }
        Object holding = release();
        boolean owned = holding instanceof ByteBuf;
        ByteBuf bytes = owned ? (ByteBuf) holding : WireFrames.peek((Frame) holding);
        int start = bytes.readerIndex();
        int length = bytes.readableBytes();
        int written;
        try {
            if (bytes.hasMemoryAddress()) {
                written = fd.writeAddress(bytes.memoryAddress(), start, start + length);
            } else {
                java.nio.ByteBuffer nio = bytes.internalNioBuffer(start, length);
                written = fd.write(nio, nio.position(), nio.limit());
            }
        } catch (IOException e) {
            written = 0;
        }
        if (written >= length) {
            if (owned) {
                bytes.release();
            }
            return null;
        }
        ByteBuf rest = owned ? bytes : copy(bytes, channel.alloc());
        return rest.readerIndex(rest.readerIndex() + written);
    }

    private static ByteBuf copy(ByteBuf b, ByteBufAllocator alloc) {
        return alloc.directBuffer(b.readableBytes()).writeBytes(b, b.readerIndex(), b.readableBytes());
    }
}
