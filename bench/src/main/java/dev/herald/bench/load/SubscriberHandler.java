package dev.herald.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One subscriber: completes {@code ready} at the handshake, then counts frames and their latency.
 * With {@code socketIo} it speaks Socket.IO v4 over a raw WebSocket (engine.io v4, WebSocket transport, the
 * URL {@code /socket.io/?EIO=4&transport=websocket}): it answers the engine.io open packet {@code 0{…}} with
 * the Socket.IO connect {@code 40}, is ready at the server's {@code 40{"sid":…}}, answers each ping {@code 2}
 * with a pong {@code 3}, and reads events from {@code 42["event",{…}]} messages — what socket.io-client
 * does on that transport, without a JSON parse (the stamp is found by a byte scan, as for every server).
 */
final class SubscriberHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Metrics metrics;
    private final CompletableFuture<Void> ready;
    private final boolean socketIo;
    private boolean open;

    SubscriberHandler(Metrics metrics, CompletableFuture<Void> ready, boolean socketIo) {
        this.metrics = metrics;
        this.ready = ready;
        this.socketIo = socketIo;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            open = true;
            if (!socketIo) {
                ready.complete(null);
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame && socketIo) {
            socketIo(ctx, frame.content());
        } else if (frame instanceof TextWebSocketFrame) {
            metrics.recordDelivery(Stamp.read(frame.content()));
        } else if (frame instanceof CloseWebSocketFrame close) {
            // A server close (4003 unauthorized, 4008 slow consumer) is a result worth seeing, not a crash.
            System.err.println("server closed a subscriber: " + close.statusCode() + " " + close.reasonText());
        }
    }

    private void socketIo(ChannelHandlerContext ctx, ByteBuf text) {
        int n = text.readableBytes();
        byte first = n > 0 ? text.getByte(text.readerIndex()) : 0;
        byte second = n > 1 ? text.getByte(text.readerIndex() + 1) : 0;
        if (first == '4' && second == '2') {          // a Socket.IO EVENT
            metrics.recordDelivery(Stamp.read(text));
        } else if (first == '2') {                     // engine.io ping
            ctx.writeAndFlush(new TextWebSocketFrame("3"));
        } else if (first == '0') {                     // engine.io open: connect to the main namespace
            ctx.writeAndFlush(new TextWebSocketFrame("40"));
        } else if (first == '4' && second == '0') {    // Socket.IO CONNECT acknowledged
            ready.complete(null);
        } else if (first == '4' && second == '4') {    // CONNECT_ERROR
            ready.completeExceptionally(new IllegalStateException(text.toString(StandardCharsets.UTF_8)));
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
