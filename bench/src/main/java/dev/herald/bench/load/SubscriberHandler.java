package dev.herald.bench.load;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.util.concurrent.CompletableFuture;

/** One subscriber: completes {@code ready} at the handshake, then counts frames and their latency. */
final class SubscriberHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Metrics metrics;
    private final CompletableFuture<Void> ready;
    private boolean open;

    SubscriberHandler(Metrics metrics, CompletableFuture<Void> ready) {
        this.metrics = metrics;
        this.ready = ready;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            open = true;
            ready.complete(null);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame) {
            metrics.recordDelivery(Stamp.read(frame.content()));
        } else if (frame instanceof CloseWebSocketFrame close) {
            // A server close (4003 unauthorized, 4008 slow consumer) is a result worth seeing, not a crash.
            System.err.println("server closed a subscriber: " + close.statusCode() + " " + close.reasonText());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (open) {
            metrics.disconnects.increment();
        }
        ready.completeExceptionally(new IllegalStateException("closed before the handshake completed"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ready.completeExceptionally(cause);
        ctx.close();
    }
}
