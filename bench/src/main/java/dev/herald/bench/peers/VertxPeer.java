package dev.herald.bench.peers;

import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Plain Vert.x 5 (no vertx-web, no Herald): one verticle per event loop sharing the port, connections kept
 * per verticle context, frames written the way Herald writes them (shared bytes in an internal frame type,
 * because the public {@code writeTextMessage(String)} encodes once per recipient).
 */
final class VertxPeer extends VerticleBase {
    private static final FrameEncoder ENCODER = new FrameEncoder();
    private static final Map<Context, List<ServerWebSocket>> BY_CONTEXT = new ConcurrentHashMap<>();

    private final int port;

    private VertxPeer(int port) {
        this.port = port;
    }

    /** With {@code nativeTransport}, Vert.x uses epoll as Herald asks it to (when the jar is present). */
    static void start(int port, int loops, boolean nativeTransport) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(nativeTransport));
        if (nativeTransport && !vertx.isNativeTransportEnabled()) {
            throw new IllegalStateException("native transport unavailable", vertx.unavailableNativeTransportCause());
        }
        vertx.deployVerticle(() -> new VertxPeer(port), new DeploymentOptions().setInstances(loops))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Override
    public Future<?> start() {
        List<ServerWebSocket> mine = new ArrayList<>();
        BY_CONTEXT.put(context, mine);
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                .setTcpNoDelay(true).setMaxWebSocketFrameSize(1 << 20)
                .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
        return vertx.createHttpServer(options)
                .webSocketHandler(ws -> {
                    mine.add(ws);
                    ws.closeHandler(v -> mine.remove(ws));
                })
                .requestHandler(req -> {
                    if (req.method() != HttpMethod.POST) {
                        req.response().setStatusCode(404).end();
                        return;
                    }
                    req.body().onSuccess(body -> {
                        try {
                            List<byte[]> frames = ENCODER.encode(body.getBytes());
                            frames.forEach(VertxPeer::broadcast);
                            req.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                                    .end(io.vertx.core.buffer.Buffer.buffer(FrameEncoder.accepted(frames.size())));
                        } catch (java.io.IOException e) {
                            req.response().setStatusCode(400).end();
                        }
                    });
                })
                .listen();
    }

    private static void broadcast(byte[] frame) {
        BY_CONTEXT.forEach((ctx, sockets) -> ctx.runOnContext(v -> {
            for (int i = sockets.size() - 1; i >= 0; i--) {
                if (i < sockets.size()) {
                    sockets.get(i).writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(frame), true));
                }
            }
        }));
    }
}
