package dev.herald.server.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The last handler of a detached session's pipeline: whole messages from the client go straight to the
 * {@link WsSession}, with no Vert.x objects kept per connection. Runs on the channel's event loop.
 *
 * <p>It also joins fragmented messages (RFC 6455 §5.4), up to {@link #MAX_MESSAGE_BYTES} in all; doing it here
 * rather than in Netty's aggregator keeps one handler, not two, per idle connection.
 */
public final class SessionFrames extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFrames.class);
    /** The largest message a client may send, whole or in fragments; a larger one closes with 1009. */
    public static final int MAX_MESSAGE_BYTES = 1 << 20;

    private final WsSession session;
    /** The fragments of a message still arriving; null between messages. */
    private CompositeByteBuf fragments;
    private boolean fragmentsAreText;

    SessionFrames(WsSession session) {
        this.session = session;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        session.sawTraffic();
        if (frame instanceof ContinuationWebSocketFrame) {
            if (fragments == null) {
                session.close(CloseCodes.PROTOCOL_ERROR, "continuation frame without a message");
            } else if (append(frame.content()) && frame.isFinalFragment()) {
                CompositeByteBuf whole = fragments;
                fragments = null;
                try {
                    onMessage(fragmentsAreText, whole);
                } finally {
                    whole.release();
                }
            }
        } else if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            boolean text = frame instanceof TextWebSocketFrame;
            if (fragments != null) {
                session.close(CloseCodes.PROTOCOL_ERROR, "new message before the last one ended");
            } else if (frame.isFinalFragment()) {
                onMessage(text, frame.content());
            } else {
                fragments = ctx.alloc().compositeBuffer();
                fragmentsAreText = text;
                append(frame.content());
            }
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame close) {
            session.onPeerClose(close.statusCode());
        }
        // Pong frames only count as traffic.
    }

    /** Adds a fragment; false (and the connection closing with 1009) when the message grows past the limit. */
    private boolean append(ByteBuf content) {
        if (fragments.readableBytes() + content.readableBytes() > MAX_MESSAGE_BYTES) {
            dropFragments();
            session.close(CloseCodes.MESSAGE_TOO_BIG, "message too big");
            return false;
        }
        fragments.addComponent(true, content.retain());
        return true;
    }

    private void onMessage(boolean text, ByteBuf content) {
        if (text) {
            session.onTextMessage(content.toString(StandardCharsets.UTF_8));
        } else {
            session.onBinaryMessage();
        }
    }

    private void dropFragments() {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dropFragments();
        session.onChannelClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropFragments();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException c) {
            session.close((short) c.closeStatus().code(), c.closeStatus().code() == CloseCodes.MESSAGE_TOO_BIG
                    ? "message too big" : "protocol error");
        } else {
            // A peer's reset is routine; anything else is a bug that would otherwise only show as a 1006 at the client.
            if (cause instanceof IOException) {
                LOG.atDebug().addKeyValue("cause", cause.toString()).log("websocket connection failed");
            } else {
                LOG.atWarn().setCause(cause).log("websocket session failed; connection closed");
            }
            ctx.close();
        }
    }
}
