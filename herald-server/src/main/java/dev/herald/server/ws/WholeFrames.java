package dev.herald.server.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.PromiseNotifier;

/**
 * Sits between the WebSocket encoder and the socket of a compressed connection and writes each frame as one
 * buffer: Netty's encoder writes a large frame's header and payload as two, and {@link PendingFrames} may only
 * drop whole entries. The two are joined in a composite buffer, without copying. One instance per connection.
 */
final class WholeFrames extends ChannelOutboundHandlerAdapter {
    private ByteBuf header;
    private ChannelPromise headerPromise;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (header != null && msg instanceof ByteBuf payload) {
            ByteBuf h = header;
            ChannelPromise hp = headerPromise;
            header = null;
            headerPromise = null;
            ctx.write(Unpooled.wrappedBuffer(h, payload)).addListener(new PromiseNotifier<>(false, hp, promise));
        } else if (msg instanceof ByteBuf b && isHeaderOnly(b)) {
            header = b;
            headerPromise = promise;
        } else {
            ctx.write(msg, promise);
        }
    }

    /** A server frame's header (never masked) whose payload is not in the same buffer. */
    static boolean isHeaderOnly(ByteBuf b) {
        if (b.readableBytes() < 2) {
            return false;
        }
        int len = b.getByte(b.readerIndex() + 1) & 0x7f;
        int headerBytes = len < 126 ? 2 : len == 126 ? 4 : 10;
        return len > 0 && b.readableBytes() == headerBytes;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (header != null) {
            header.release();
            header = null;
        }
    }
}
