package dev.herald.server;

import dev.herald.core.auth.TokenVerifier;
import dev.herald.core.hub.Hub;
import dev.herald.server.dashboard.Dashboard;
import dev.herald.server.http.HttpApi;
import dev.herald.server.stream.SessionRegistry;
import dev.herald.server.ws.SessionFrames;
import dev.herald.server.ws.WebSocketRouter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One event loop's share of the server: an HTTP server on the shared port, its routes, its WebSocket
 * sessions and its hub shard. Herald deploys one per core.
 */
final class HttpVerticle extends VerticleBase {
    private final ServerContext ctx;
    private final int port;
    private final Map<String, Consumer<ServerWebSocket>> extraEndpoints;
    private final Dashboard dashboard;
    private HttpServer server;
    private Router router;
    private WebSocketRouter webSockets;
    private final SessionRegistry sessions = new SessionRegistry();

    HttpVerticle(ServerContext ctx, int port, Map<String, Consumer<ServerWebSocket>> extraEndpoints, Dashboard dashboard) {
        this.ctx = ctx;
        this.dashboard = dashboard;
        this.port = port;
        this.extraEndpoints = extraEndpoints;
    }

    @Override
    public Future<?> start() {
        Hub.Shard shard = ctx.hub().newShard(task -> context.runOnContext(v -> task.run()));
        webSockets = new WebSocketRouter(ctx, shard, sessions, extraEndpoints);
        router = HttpApi.router(vertx, ctx, shard, sessions, dashboard);
        sweepLater();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(ctx.config().server().host())
                .setPort(port)
                .setMaxWebSocketFrameSize(SessionFrames.MAX_MESSAGE_BYTES)
                .setMaxWebSocketMessageSize(SessionFrames.MAX_MESSAGE_BYTES)
                .setWebSocketClosingTimeout((int) Math.max(1, ctx.config().limits().closeGrace().toSeconds()))
                .setPerMessageWebSocketCompressionSupported(ctx.config().server().webSocketCompression())
                .setPerFrameWebSocketCompressionSupported(false)
                // A browser can send its token only as ?token=: a request line must hold the longest token read,
                // or the client gets an unreadable 414 instead of a 4003. Headers likewise for Authorization/Cookie.
                .setMaxInitialLineLength(TokenVerifier.MAX_TOKEN_CHARS + 4096)
                .setMaxHeaderSize(TokenVerifier.MAX_TOKEN_CHARS + 8192)
                .setTcpNoDelay(true)
                .setReuseAddress(true);
        if (ctx.config().limits().socketSendBuffer() > 0) {
            // Bytes in the kernel's send buffer cannot be discarded when a slow consumer is closed 4008: this bounds them.
            options.setSendBufferSize(ctx.config().limits().socketSendBuffer());
        }
        server = vertx.createHttpServer(options)
                .webSocketHandshakeHandler(webSockets::handshake)
                .webSocketHandler(webSockets::open)
                .requestHandler(router);
        return server.listen();
    }

    /** Keepalive and token-expiry checks every half interval (50 ms to 1 s), the interval in force read each time. */
    private void sweepLater() {
        long sweepMs = Math.max(50, Math.min(1000, ctx.config().keepalive().interval().toMillis() / 2));
        // Each further slice of the sweep after a 1 ms timer, so that the loop's I/O runs between slices.
        vertx.setTimer(sweepMs, id -> sessions.sweep(slice -> vertx.setTimer(1, t -> slice.run()), this::sweepLater));
    }

    int actualPort() {
        return server.actualPort();
    }

    /** The HTTP routes this loop serves. */
    Router router() {
        return router;
    }

    /** The WebSocket paths this loop accepts ({@link WebSocketRouter#paths()}). */
    Set<String> webSocketPaths() {
        return webSockets.paths();
    }

    /** Closes this loop's sessions (WebSockets with 1001); completes once their connections are gone. */
    Future<Void> closeSessions() {
        return Future.<Future<Void>>future(p -> context.runOnContext(v -> p.complete(sessions.shutdownAll())))
                .compose(all -> all);
    }
}
