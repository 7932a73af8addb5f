package dev.herald.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 client for one {@code POST} URL, on the generator's Netty event loops: {@code connections}
 * persistent keep-alive connections, each with at most {@code pipeline} requests written and not yet answered
 * (HTTP/1.1 pipelining: the server answers them in order, so replies are matched to requests first in, first out).
 * A request goes to the connection with the fewest requests on it; one that finds its connection full waits there,
 * in order. The request is written by the caller straight into a {@link ByteBuf} ({@link #newRequest()} leaves room
 * for the head, {@link #post} fills it in), and the reply's {@code "accepted": n} is read from its bytes.
 *
 * <p>Guarantees: every {@link #post} gets exactly one {@link Reply}, on the connection's event loop: status 2xx and
 * the accepted count, or an error (status 0 when the connection failed or closed with the request unanswered: a
 * POST is never sent twice). A connection the server closed is opened again at the next request. Thread: {@code post}
 * from any thread; a connection's state is touched only on its event loop. No timeout: a server that never answers
 * keeps its requests, which the caller's in-flight limit then shows as a stall.
 */
final class HttpPublisher implements AutoCloseable {
    /** The answer to one request. */
    interface Reply {
        /**
         * @param status  the HTTP status, 0 when no answer came (connect failure, connection closed)
         * @param accepted the reply's {@code "accepted"} number (0 when absent or on error)
         * @param error   null on a 2xx; else what went wrong (the status line's code and the body, or the exception)
         */
        void done(int status, int accepted, String error);
    }

    private static final int MAX_DIGITS = 10;
    private static final byte[] ACCEPTED = "\"accepted\"".getBytes(StandardCharsets.US_ASCII);

    private final URI url;
    private final byte[] headPrefix;
    private final int headRoom;
    private final Bootstrap bootstrap;
    private final List<Conn> conns = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    HttpPublisher(URI url, String apiKey, int connections, int pipeline, EventLoopGroup group, Transport transport) {
        if (connections < 1 || pipeline < 1) {
            throw new IllegalArgumentException("--publish-connections and --pipeline must be at least 1");
        }
        this.url = url;
        int port = url.getPort() > 0 ? url.getPort() : 80;
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        this.headPrefix = ("POST " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + port
                + "\r\nContent-Type: application/json\r\n"
                + (apiKey.isEmpty() ? "" : "Authorization: Bearer " + apiKey + "\r\n")
                + "Content-Length: ").getBytes(StandardCharsets.US_ASCII);
        this.headRoom = headPrefix.length + MAX_DIGITS + 4;
        this.bootstrap = new Bootstrap().channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .remoteAddress(url.getHost(), port);
        for (int i = 0; i < connections; i++) {
            conns.add(new Conn(group.next(), pipeline));
        }
    }

    /** A buffer for one request: write the body from its writer index, then hand it to {@link #post}. */
    ByteBuf newRequest(int bodySizeHint) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(headRoom + bodySizeHint);
        buf.writerIndex(headRoom);
        return buf;
    }

    /** Sends {@code request} (from {@link #newRequest}, body written); {@code reply} is called once. */
    void post(ByteBuf request, Reply reply) {
        int bodyLength = request.writerIndex() - headRoom;
        int digits = digits(bodyLength);
        int start = headRoom - headPrefix.length - digits - 4;
        request.setBytes(start, headPrefix);
        int at = start + headPrefix.length;
        for (int i = digits - 1, v = bodyLength; i >= 0; i--, v /= 10) {
            request.setByte(at + i, '0' + v % 10);
        }
        request.setByte(at + digits, '\r').setByte(at + digits + 1, '\n')
                .setByte(at + digits + 2, '\r').setByte(at + digits + 3, '\n');
        request.readerIndex(start);
        Conn conn = leastLoaded();
        conn.load.incrementAndGet();
        Pending p = new Pending(request, reply);
        if (conn.loop.inEventLoop()) {
            conn.submit(p);
        } else {
            conn.loop.execute(() -> conn.submit(p));
        }
    }

    /** The connection with the fewest requests on it, scanning from a rotating start so that ties spread. */
    private Conn leastLoaded() {
        int n = conns.size();
        int from = Math.floorMod(next.getAndIncrement(), n);
        Conn best = conns.get(from);
        int bestLoad = best.load.get();
        for (int i = 1; i < n && bestLoad > 0; i++) {
            Conn c = conns.get((from + i) % n);
            int l = c.load.get();
            if (l < bestLoad) {
                best = c;
                bestLoad = l;
            }
        }
        return best;
    }

    static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    @Override
    public void close() {
        for (Conn c : conns) {
            c.loop.execute(c::close);
        }
    }

    /** A request and its reply; {@code sent} once the buffer is Netty's (it releases it after the write). */
    private static final class Pending {
        final ByteBuf request;
        final Reply reply;
        boolean sent;

        Pending(ByteBuf request, Reply reply) {
            this.request = request;
            this.reply = reply;
        }
    }

    /** One keep-alive connection; every field but {@code load} is confined to {@code loop}. */
    private final class Conn extends ChannelInboundHandlerAdapter {
        final EventLoop loop;
        final int depth;
        final AtomicInteger load = new AtomicInteger();
        private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        private final ArrayDeque<Pending> written = new ArrayDeque<>();
        private Channel channel;
        private boolean closed;
        private int status;
        private ByteBuf body;

        Conn(EventLoop loop, int depth) {
            this.loop = loop;
            this.depth = depth;
        }

        void submit(Pending p) {
            if (closed) {
                fail(p, "publisher closed");
                return;
            }
            waiting.add(p);
            if (channel == null) {
                connect();
            } else if (channel.isActive()) {
                drain();
            }
        }

        private void connect() {
            channel = bootstrap.clone().group(loop).handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpResponseDecoder(), Conn.this);
                }
            }).connect().addListener((io.netty.channel.ChannelFutureListener) f -> {
                if (!f.isSuccess() && f.channel() == channel) {
                    channel = null;
                    failAll("connect to " + url + ": " + f.cause());
                }
            }).channel();
        }

        private void drain() {
            boolean wrote = false;
            while (written.size() < depth && !waiting.isEmpty()) {
                Pending p = waiting.poll();
                written.add(p);
                p.sent = true;
                channel.write(p.request, channel.voidPromise());
                wrote = true;
            }
            if (wrote) {
                channel.flush();
            }
        }

        @Override
        public boolean isSharable() {
            return true; // one connection's handler, added again to the channel that replaces a closed one
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            drain();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpResponse r) {
                    status = r.status().code();
                    if (body == null) {
                        body = ctx.alloc().heapBuffer(256);
                    }
                    body.clear();
                }
                if (msg instanceof HttpContent c && body.readableBytes() < 65_536) {
                    body.writeBytes(c.content());
                }
                if (msg instanceof LastHttpContent) {
                    Pending p = written.poll();
                    if (p != null) {
                        load.decrementAndGet();
                        if (status / 100 == 2) {
                            p.reply.done(status, accepted(body), null);
                        } else {
                            p.reply.done(status, 0, status + " " + body.toString(StandardCharsets.UTF_8));
                        }
                    }
                    drain();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel) {
                channel = null;
                // Unanswered requests fail (a POST is not sent again); queued ones go out on a new connection.
                List<Pending> unanswered = new ArrayList<>(written);
                written.clear();
                unanswered.forEach(p -> fail(p, "connection closed with the request unanswered"));
                if (!waiting.isEmpty() && !closed) {
                    connect();
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void failAll(String why) {
            // Taken out first: a reply may post again, and that request belongs to the next connection.
            List<Pending> failed = new ArrayList<>(written);
            failed.addAll(waiting);
            written.clear();
            waiting.clear();
            failed.forEach(p -> fail(p, why));
        }

        private void fail(Pending p, String why) {
            load.decrementAndGet();
            if (!p.sent) {
                p.request.release();
            }
            p.reply.done(0, 0, why);
        }

        void close() {
            closed = true;
            if (channel != null) {
                channel.close();
            }
            failAll("publisher closed");
            if (body != null) {
                body.release();
                body = null;
            }
        }
    }

    /** The number after {@code "accepted":} in {@code body}, 0 when there is none. */
    static int accepted(ByteBuf body) {
        int end = body.writerIndex();
        outer:
        for (int i = body.readerIndex(); i <= end - ACCEPTED.length; i++) {
            for (int k = 0; k < ACCEPTED.length; k++) {
                if (body.getByte(i + k) != ACCEPTED[k]) {
                    continue outer;
                }
            }
            int j = i + ACCEPTED.length;
            while (j < end && (body.getByte(j) == ' ' || body.getByte(j) == ':')) {
                j++;
            }
            int v = 0;
            for (; j < end && body.getByte(j) >= '0' && body.getByte(j) <= '9'; j++) {
                v = v * 10 + body.getByte(j) - '0';
            }
            return v;
        }
        return 0;
    }
}
