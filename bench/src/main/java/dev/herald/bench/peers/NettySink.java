package dev.herald.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.EventExecutor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator's ceiling ({@code PeerMain netty-sink}): a server so cheap per delivery that the generator,
 * not the server, is what a run against it measures. Native epoll when it loads. It speaks what the generator
 * speaks to every server — {@code /ws/events} and {@code POST /api/v1/events} (any path but the WebSocket's) — and
 * does as little as it can with it:
 * <ul>
 *   <li>with no subscriber connected (publish-only runs) it counts the posted events with a byte scan and answers
 *       {@code {"accepted":n}} at once, without parsing them;</li>
 *   <li>otherwise each event becomes a {@code /ws/events} frame ({@link FrameEncoder}); an event with a
 *       {@code "user"} goes only to that user's subscribers (the user from {@code ?user=}, else the token's
 *       {@code sub}, read unverified), the others to every subscriber; each frame is encoded once, WebSocket
 *       header included, into direct memory and written as is (no encoder, no copy per recipient), and a posted
 *       batch is written to each connection with one flush (one syscall), which no real server here does.</li>
 * </ul>
 * Nothing is stored; events are answered as accepted before they are written.
 */
final class NettySink {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FrameEncoder encoder = new FrameEncoder();
    /** Connections per event loop, each list touched only on its loop (broadcasts). */
    private final Map<EventExecutor, List<Channel>> byLoop = new ConcurrentHashMap<>();
    private final Map<String, List<Channel>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger subscribers = new AtomicInteger();

    static void start(int port, int loops) throws InterruptedException {
        NettySink sink = new NettySink();
        boolean epoll = Epoll.isAvailable();
        NettyPeer.serveWebSockets(port, loops, epoll, () -> sink.new Handler());
        System.out.println("netty-sink transport: " + (epoll ? "epoll" : "nio"));
    }

    private void deliver(List<FrameEncoder.Routed> frames) {
        List<ByteBuf> everyone = new ArrayList<>();
        Map<Channel, List<ByteBuf>> targeted = new HashMap<>();
        for (FrameEncoder.Routed f : frames) {
            ByteBuf wire = wireFrame(f.frame());
            if (f.user() == null) {
                everyone.add(wire); // released once every loop has written it
                continue;
            }
            for (Channel ch : byUser.getOrDefault(f.user(), List.of())) {
                targeted.computeIfAbsent(ch, c -> new ArrayList<>()).add(wire.retainedDuplicate());
            }
            wire.release();
        }
        if (!everyone.isEmpty()) {
            AtomicInteger loops = new AtomicInteger(byLoop.size());
            byLoop.forEach((loop, channels) -> loop.execute(() -> {
                for (int i = channels.size() - 1; i >= 0; i--) {
                    if (i < channels.size()) {
                        Channel ch = channels.get(i);
                        for (ByteBuf frame : everyone) {
                            ch.write(frame.retainedDuplicate(), ch.voidPromise());
                        }
                        ch.flush();
                    }
                }
                if (loops.decrementAndGet() == 0) {
                    everyone.forEach(ByteBuf::release);
                }
            }));
            if (byLoop.isEmpty()) {
                everyone.forEach(ByteBuf::release);
            }
        }
        targeted.forEach((ch, mine) -> {
            if (ch.eventLoop().inEventLoop()) {
                write(ch, mine);
            } else {
                ch.eventLoop().execute(() -> write(ch, mine));
            }
        });
    }

    /** Writes views of frames encoded once into direct memory (each view its own reference), one flush. */
    private static void write(Channel ch, List<ByteBuf> frames) {
        for (ByteBuf frame : frames) {
            ch.write(frame, ch.voidPromise());
        }
        ch.flush();
    }

    /** A server-to-client text frame (FIN, opcode 1, unmasked) around {@code payload}, in one direct buffer. */
    static ByteBuf wireFrame(byte[] payload) {
        int n = payload.length;
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(n + 10);
        buf.writeByte(0x81);
        if (n < 126) {
            buf.writeByte(n);
        } else if (n < 65_536) {
            buf.writeByte(126).writeShort(n);
        } else {
            buf.writeByte(127).writeLong(n);
        }
        return buf.writeBytes(payload);
    }

    /** The subscriber's user: {@code ?user=}, else the {@code sub} of the {@code ?token=} JWT (not verified). */
    static String user(String requestUri) {
        Map<String, List<String>> q = new QueryStringDecoder(requestUri).parameters();
        if (q.containsKey("user")) {
            return q.get("user").get(0);
        }
        if (q.containsKey("token")) {
            String[] parts = q.get("token").get(0).split("\\.");
            if (parts.length == 3) {
                try {
                    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
                    return claims.hasNonNull("sub") ? claims.get("sub").asText() : null;
                } catch (IOException | IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * How many events a publish body holds, without parsing it: the objects opened at depth 3 of
     * {@code {"events":[{…},…]}} (strings skipped), or 1 for a body that is a single event.
     */
    static int countEvents(ByteBuf body) {
        int depth = 0;
        int count = 0;
        boolean inString = false;
        boolean escaped = false;
        boolean batch = false;
        for (int i = body.readerIndex(), end = body.writerIndex(); i < end; i++) {
            byte b = body.getByte(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
                if (depth == 2 && b == '[') {
                    batch = true;
                } else if (depth == 3 && b == '{' && batch) {
                    count++;
                }
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return batch ? count : 1;
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hs) {
                Channel ch = ctx.channel();
                List<Channel> mine = byLoop.computeIfAbsent(ch.eventLoop(), l -> new ArrayList<>());
                mine.add(ch);
                String user = user(hs.requestUri());
                List<Channel> users = user == null ? null : byUser.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>());
                if (users != null) {
                    users.add(ch);
                }
                subscribers.incrementAndGet();
                ch.closeFuture().addListener(f -> {
                    mine.remove(ch);
                    if (users != null) {
                        users.remove(ch);
                    }
                    subscribers.decrementAndGet();
                });
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws IOException {
            if (!(msg instanceof FullHttpRequest req)) {
                return; // client text frames: ignored
            }
            if (!req.method().equals(HttpMethod.POST)) {
                FullHttpResponse notFound = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
                HttpUtil.setContentLength(notFound, 0);
                ctx.writeAndFlush(notFound);
                return;
            }
            int accepted;
            if (subscribers.get() == 0) {
                accepted = countEvents(req.content());
            } else {
                byte[] body = new byte[req.content().readableBytes()];
                req.content().readBytes(body);
                List<FrameEncoder.Routed> frames = encoder.encodeRouted(body);
                deliver(frames);
                accepted = frames.size();
            }
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED,
                    Unpooled.wrappedBuffer(FrameEncoder.accepted(accepted)));
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            HttpUtil.setContentLength(resp, resp.content().readableBytes());
            HttpUtil.setKeepAlive(resp, HttpUtil.isKeepAlive(req));
            ctx.writeAndFlush(resp);
        }
    }
}
