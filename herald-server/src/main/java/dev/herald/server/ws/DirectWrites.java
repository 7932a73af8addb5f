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
 * issue #15 target 3). Here a hub drain's frames for one connection are held instead, as references to the shared
 * {@link Frame}s, and the flush at the end of the drain writes them straight to the file descriptor: one frame from
 * its shared wire form, several laid out back to back in the thread's scratch buffer (the way uWebSockets corks a
 * socket) with one {@code write(2)}. What the socket does not take is copied and handed to Netty, whose buffer then
 * orders everything after it (writes check {@link #holding()} and Netty's pending bytes), waits for the socket to
 * drain and counts towards the client's queue limit as before. (Until issue #15's round five the frames were copied
 * into a pooled buffer per connection per drain as they came; its allocation and release were ~45 % of the event
 * loop's Java samples in saturated fan-out.)
 *
 * <p>Only for native epoll channels with no outbound handler between the WebSocket encoder and the socket (no TLS,
 * no compression); elsewhere {@link #of} gives null and every frame goes through Netty. One instance per connection,
 * used on its event loop only.
 */
final class DirectWrites {
    /** Flushes above this lay out their frames in a buffer of their own rather than the thread's scratch (kept grown). */
    private static final int SCRATCH_LIMIT = 64 * 1024;
    private final Channel channel;
    private final FileDescriptor fd;
    /** Where what is held is kept: this event loop's table (see there why not a field here). */
    private final LoopHolds holds;
    /** The slots in {@link #holds} of the first and last frame held, when {@link #held} is not 0. */
    private int first;
    private int last;
    /** Bytes held, in wire form (kept here: reading the frames would cost a cache miss per delivery). */
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
        int slot = holds.hold(frame);
        if (held == 0) {
            first = slot;
        } else {
            holds.link(last, slot);
        }
        last = slot;
        held += WireFrames.size(frame.size());
    }

    /** What is held, as one buffer for Netty to write (the caller owns it); null when nothing is. */
    ByteBuf take() {
        if (held == 0) {
            return null;
        }
        return first == last ? WireFrames.of(pop()) : layOut(channel.alloc().directBuffer(held));
    }

    /** Drops what is held (a slow consumer's backlog, a closed connection). */
    void discard() {
        while (held != 0) {
            pop();
        }
    }

    /** Appends the held frames to {@code out} in wire form and empties their slots; returns {@code out}. */
    private ByteBuf layOut(ByteBuf out) {
        while (held != 0) {
            WireFrames.encodeInto(out, pop().utf8());
        }
        return out;
    }

    /** Takes the first held frame out of its slot; only while something is held. */
    private Frame pop() {
        int slot = first;
        if (slot == last) {
            held = 0;
        } else {
            first = holds.next(slot);
        }
        return (Frame) holds.release(slot);
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
        boolean owned = false;
        ByteBuf bytes;
        if (first == last) {
            bytes = WireFrames.peek(pop());
        } else if (held <= SCRATCH_LIMIT) {
            bytes = layOut(WireFrames.scratch(held));
        } else {
            owned = true;
            bytes = layOut(channel.alloc().directBuffer(held));
        }
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
