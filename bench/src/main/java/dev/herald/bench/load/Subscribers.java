package dev.herald.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * N WebSocket subscribers on a few Netty I/O threads (native epoll when available, see {@link Transport}). Non-blocking: one thread holds thousands of
 * connections, so the generator's footprint stays small next to the server on a 2-core machine.
 */
final class Subscribers implements AutoCloseable {
    /** Handshakes in flight at once: enough to connect quickly, few enough not to trip accept backlogs. */
    private static final int CONNECT_WINDOW = 256;

    private final LoadOptions opts;
    private final Metrics metrics;
    private final Transport transport;
    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();

    Subscribers(LoadOptions opts, Metrics metrics) {
        this.opts = opts;
        this.metrics = metrics;
        this.transport = Transport.of(opts.transport());
        this.group = transport.group(opts.ioThreads());
    }

    /** The I/O threads, shared with the publisher's connections. */
    EventLoopGroup group() {
        return group;
    }

    Transport transport() {
        return transport;
    }

    /** Opens every connection and waits for its handshake; returns how many are open. */
    int connectAll() throws InterruptedException {
        return connectMore(opts.connections());
    }

    /**
     * Opens {@code count} more connections (numbered after those already opened) and waits for their handshakes;
     * returns how many of them are open.
     */
    int connectMore(int count) throws InterruptedException {
        Semaphore window = new Semaphore(CONNECT_WINDOW);
        List<CompletableFuture<Void>> all = new ArrayList<>(count);
        String token = Tokens.hs256(opts.jwtSecret(), "bench", 3600);
        int first;
        synchronized (channels) {
            first = channels.size();
        }
        for (int i = first; i < first + count; i++) {
            // Spread over the servers given (a cluster's nodes): subscriber i on the (i mod n)-th.
            URI wsUrl = opts.wsUrls().get(i % opts.wsUrls().size());
            String sep = wsUrl.getQuery() == null ? "?" : "&";
            URI uri = URI.create(wsUrl + sep + "token=" + token);
            if (opts.route()) {
                // One user per subscriber: Herald reads the user from the token's sub, the peers from ?user=.
                String user = user(i);
                uri = URI.create(wsUrl + sep + "token=" + Tokens.hs256(opts.jwtSecret(), user, 3600)
                        + "&user=" + user);
            }
            InetSocketAddress remote = new InetSocketAddress(uri.getHost(), uri.getPort());
            window.acquire();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            ready.whenComplete((v, e) -> window.release());
            all.add(ready);
            ChannelFuture f = bootstrap(uri, ready).connect(remote, localAddress(i));
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    ready.completeExceptionally(done.cause());
                }
            });
            synchronized (channels) {
                channels.add(f.channel());
            }
        }
        int open = 0;
        for (CompletableFuture<Void> f : all) {
            try {
                f.get(30, TimeUnit.SECONDS);
                open++;
            } catch (Exception e) {
                metrics.connectErrors.increment();
            }
        }
        return open;
    }

    /** The user of subscriber {@code i} with {@code --route}; the publisher targets the same names. */
    static String user(int i) {
        return "u" + i;
    }

    /**
     * Makes the first {@code n} subscribers stop reading (a client that stalls: its socket buffers fill and the
     * server's queue for it grows). Returns them, so that the caller can see later which are still open.
     */
    List<Channel> stall(int n) {
        synchronized (channels) {
            List<Channel> stalled = new ArrayList<>(channels.subList(0, Math.min(n, channels.size())));
            stalled.forEach(ch -> ch.config().setAutoRead(false));
            return stalled;
        }
    }

    /** Closes every connection at once (a client-side mass disconnect) and waits until all are closed here. */
    void dropAll() throws InterruptedException {
        List<ChannelFuture> closing = new ArrayList<>();
        synchronized (channels) {
            channels.forEach(ch -> closing.add(ch.close()));
            channels.clear();
        }
        for (ChannelFuture f : closing) {
            f.await(30, TimeUnit.SECONDS);
        }
    }

    int openCount() {
        synchronized (channels) {
            return (int) channels.stream().filter(Channel::isActive).count();
        }
    }

    private InetSocketAddress localAddress(int i) {
        if (opts.sourceAddresses().isEmpty()) {
            return null;
        }
        return new InetSocketAddress(opts.sourceAddresses().get(i % opts.sourceAddresses().size()), 0);
    }

    private Bootstrap bootstrap(URI uri, CompletableFuture<Void> ready) {
        return new Bootstrap().group(group).channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 20_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new HttpClientCodec(),
                                new HttpObjectAggregator(1 << 16),
                                // No UTF-8 validation of each frame: the stamp is ASCII digits found by a byte scan.
                                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                        .webSocketUri(uri).version(WebSocketVersion.V13)
                                        .maxFramePayloadLength(1 << 20).withUTF8Validator(false).build()),
                                new SubscriberHandler(metrics, ready, opts.socketIo()));
                    }
                });
    }

    @Override
    public void close() {
        synchronized (channels) {
            channels.forEach(Channel::close);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
