package dev.herald.server.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * Discards the WebSocket frames a connection has queued but its socket has not taken, so that a close
 * written next is the next thing the client reads (SPEC §9: a slow consumer's pending frames are dropped and
 * it is sent 4008 at once, not after its backlog).
 *
 * <p>Netty's outbound buffer holds one entry per written message. Herald's event frames are whole wire frames,
 * one or several back to back in one buffer ({@link DirectWrites} hands over a drain's frames together), and so are
 * control frames (payloads under the encoder's 1 KiB gathering threshold); compressed connections get the same shape
 * from {@link WholeFrames}. So every entry starts a frame at index 0, except that the first may already be partly on
 * the wire: the rest of the frame the socket stopped in is kept, so the client never sees a torn frame, and the
 * whole frames after it in that buffer are dropped with the others.
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
            int from = head.readerIndex();
            int to = endOfFrameAt(head, from);
            if (to > from) {
                rest = head.retainedSlice(from, to - from); // outlives the entry, which remove() releases
            }
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

    /**
     * Where the frame that byte {@code at} of {@code wire} lies in ends: {@code at} itself when a frame starts there
     * (nothing of it was sent), at most the buffer's writer index. {@code wire} holds unmasked frames back to back
     * from index 0 (RFC 6455 §5.2: 7-bit length, or 126 and 16 bits, or 127 and 64 bits).
     */
    static int endOfFrameAt(ByteBuf wire, int at) {
        int end = wire.writerIndex();
        long i = 0;
        while (i < at) {
            int length7 = i + 2 <= end ? wire.getByte((int) i + 1) & 0x7F : 0;
            int header = length7 < 126 ? 2 : length7 == 126 ? 4 : 10;
            if (i + header > end) {
                return end;
            }
            long payload = length7 < 126 ? length7 : length7 == 126 ? wire.getUnsignedShort((int) i + 2)
                    : wire.getLong((int) i + 2);
            long next = i + header + payload;
            if (next > at) {
                return (int) Math.min(next, end);
            }
            i = next;
        }
        return (int) Math.min(i, end);
    }
}
