package dev.herald.server.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * Discards the WebSocket frames a connection has queued but its socket has not taken, so that a close
 * written next is the next thing the client reads (SPEC §9: a slow consumer's pending frames are dropped and
 * it is sent 4008 at once, not after its backlog).
 *
 * <p>Netty's outbound buffer holds one entry per written message. Herald's event frames are whole wire frames
 * in one buffer each, and so are control frames (payloads under the encoder's 1 KiB gathering threshold);
 * compressed connections get the same shape from {@link WholeFrames}. So every entry starts a frame, except that
 * the first may already be partly on the wire: its remainder is kept, so the client never sees a torn frame.
 * Bytes already handed to the kernel cannot be taken back; they are at most the socket's send buffer.
 */
final class PendingFrames {
    private PendingFrames() {
    }

    /**
     * Drops every queued frame but the rest of a partly written one; returns the bytes dropped. Call on the
     * channel's event loop, outside a write or flush of that channel.
     */
    static long discard(Channel channel) {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        if (buffer == null) {
            return 0; // closed already
        }
        channel.unsafe().flush(); // moves unflushed entries to the flushed list, the only one remove() reaches
        if (buffer.current() == null) {
            return 0;
        }
        long before = buffer.totalPendingWriteBytes();
        ByteBuf rest = null;
        if (buffer.current() instanceof ByteBuf head && head.readerIndex() > 0 && head.isReadable()) {
            rest = head.retainedSlice(); // outlives the entry, which remove() releases
        }
        // remove(), not remove(cause): failing the void promises of these writes would fire exceptionCaught and close the channel.
        while (buffer.remove()) {
            // each call drops the head entry
        }
        long dropped = before - buffer.totalPendingWriteBytes();
        if (rest != null) {
            dropped -= rest.readableBytes();
            channel.unsafe().write(rest, channel.voidPromise());
        }
        return dropped;
    }
}
