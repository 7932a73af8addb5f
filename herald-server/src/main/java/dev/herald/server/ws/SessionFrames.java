package dev.herald.server.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The last handler of a detached session's pipeline: whole (aggregated) frames from the client go straight
 * to the {@link WsSession}, with no Vert.x objects kept per connection. Runs on the channel's event loop.
 */
final class SessionFrames extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final WsSession session;

    SessionFrames(WsSession session) {
        this.session = session;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        session.sawTraffic();
        if (frame instanceof TextWebSocketFrame text) {
            session.onTextMessage(text.text());
        } else if (frame instanceof BinaryWebSocketFrame) {
            session.onBinaryMessage();
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame close) {
            session.onPeerClose(close.statusCode());
        }
        // Pong frames only count as traffic.
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.onChannelClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException c) {
            session.close((short) c.closeStatus().code(), c.closeStatus().code() == CloseCodes.MESSAGE_TOO_BIG
                    ? "message too big" : "protocol error");
        } else if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
            session.close(CloseCodes.MESSAGE_TOO_BIG, "message too big"); // a fragmented message over 1 MiB
        } else {
            ctx.close();
        }
    }
}
