package dev.herald.bench.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.EventExecutor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Raw Netty 4.2: the least a server on the JVM can do per delivery. Connections are kept per event loop and
 * only touched on it (as Herald's hub shards are), so a broadcast is one task per loop, not one per channel.
 */
final class NettyPeer {
    private final FrameEncoder encoder = new FrameEncoder();
    private final Map<EventExecutor, List<Channel>> byLoop = new ConcurrentHashMap<>();
    static void start(int port, int loops, boolean epoll) throws InterruptedException {
        NettyPeer peer = new NettyPeer();
        serveWebSockets(port, loops, epoll, () -> peer.new Handler());
    }

    /** A Netty server on {@code port} upgrading {@code /ws/events}, each connection ending in a new {@code last}. */
    static void serveWebSockets(int port, int loops, boolean epoll, java.util.function.Supplier<io.netty.channel.ChannelHandler> last)
            throws InterruptedException {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(loops, io);
        new ServerBootstrap().group(boss, workers)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/ws/events").checkStartsWith(true)
                                        .maxFramePayloadLength(1 << 20).build()),
                                last.get());
                    }
                })
                .bind("127.0.0.1", port).sync();
    }

    /** One loop task per event, as Herald's hub dispatches (the sink, {@link NettySink}, sends a batch at once). */
    private void broadcast(List<byte[]> frames) {
        frames.forEach(f -> writeToAll(List.of(f)));
    }

    private void writeToAll(List<byte[]> frames) {
        byLoop.forEach((loop, channels) -> loop.execute(() -> {
            // From the end: a channel that fails a write may remove itself from the list meanwhile.
            for (int i = channels.size() - 1; i >= 0; i--) {
                if (i >= channels.size()) {
                    continue;
                }
                Channel ch = channels.get(i);
                for (byte[] frame : frames) {
                    // A wrapper per channel around shared bytes: encoded once, no copy per recipient.
                    ch.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)));
                }
                ch.flush();
            }
        }));
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                Channel ch = ctx.channel();
                List<Channel> mine = byLoop.computeIfAbsent(ch.eventLoop(), l -> new ArrayList<>());
                mine.add(ch);
                ch.closeFuture().addListener(f -> mine.remove(ch));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws IOException {
            if (!(msg instanceof FullHttpRequest req)) {
                return; // client text frames: ignored by this peer
            }
            if (!req.method().equals(HttpMethod.POST)) {
                FullHttpResponse notFound = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
                HttpUtil.setContentLength(notFound, 0);
                ctx.writeAndFlush(notFound);
                return;
            }
            byte[] body = new byte[req.content().readableBytes()];
            req.content().readBytes(body);
            List<byte[]> frames = encoder.encode(body);
            broadcast(frames);
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED,
                    Unpooled.wrappedBuffer(FrameEncoder.accepted(frames.size())));
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            HttpUtil.setContentLength(resp, resp.content().readableBytes());
            HttpUtil.setKeepAlive(resp, HttpUtil.isKeepAlive(req));
            ctx.writeAndFlush(resp);
        }
    }
}
