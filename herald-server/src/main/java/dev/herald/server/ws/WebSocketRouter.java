package dev.herald.server.ws;

import dev.herald.core.auth.Principal;
import dev.herald.core.hub.Hub;
import dev.herald.server.ServerContext;
import dev.herald.server.http.OriginPolicy;
import dev.herald.server.limits.ConnectionLimiter;
import dev.herald.server.stream.SessionRegistry;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Accepts WebSocket upgrades on Herald's paths and starts the right session. Authentication happens after
 * the upgrade is accepted, so browsers can read the 4003 close code. One instance per event loop.
 */
public final class WebSocketRouter {
    public static final String EVENTS_PATH = "/ws/events";
    public static final String LOGS_PATH = "/logs/ws";
    /** The template of the per-user path, as the API document and the metrics name it. */
    public static final String USER_PATH = "/ws/{user}";
    private static final String USER_PREFIX = "/ws/";
    private static final Set<String> RESERVED_USERS = Set.of("health", "events");

    private final ServerContext ctx;
    private final Hub.Shard shard;
    private final SessionRegistry sessions;
    private final Map<String, Consumer<ServerWebSocket>> extraEndpoints;
    private final OriginPolicy origins;

    public WebSocketRouter(ServerContext ctx, Hub.Shard shard, SessionRegistry sessions,
                           Map<String, Consumer<ServerWebSocket>> extraEndpoints) {
        this.ctx = ctx;
        this.sessions = sessions;
        this.shard = shard;
        this.extraEndpoints = extraEndpoints;
        this.origins = new OriginPolicy(ctx.config().server().allowedOrigins());
    }

    /**
     * The path templates {@link #handshake} accepts: {@value #EVENTS_PATH}, {@value #USER_PATH} (any user but
     * {@code health} and {@code events}) and the extra endpoints. asyncapi.yaml lists the same channels (a test
     * compares them), so a path added to {@link #handshake} belongs here too.
     */
    public Set<String> paths() {
        Set<String> paths = new java.util.TreeSet<>(extraEndpoints.keySet());
        paths.add(EVENTS_PATH);
        paths.add(USER_PATH);
        return paths;
    }

    public void handshake(ServerWebSocketHandshake hs) {
        String path = hs.path();
        // Refused before the upgrade (SPEC §3), unlike a bad token: a foreign page must learn nothing.
        if (!origins.permits(hs.headers().get("Origin"), hs.headers().get("Host"))) {
            hs.reject(403);
        } else if (path.equals(EVENTS_PATH) || extraEndpoints.containsKey(path) || userOf(path) != null) {
            admitAndAccept(hs);
        } else {
            hs.reject(404);
        }
    }

    /**
     * Total and per-IP connection limits refuse before the upgrade (503 and 429): the cheapest answer under a flood,
     * and one every client library reports. The count is released when the TCP connection is gone, whoever ends it.
     */
    private void admitAndAccept(ServerWebSocketHandshake hs) {
        ConnectionLimiter.Admission admission = ctx.limiters().connections().admitAddress(hs.remoteAddress().hostAddress());
        if (!admission.ok()) {
            ctx.metrics().connectionRefused(admission.refusal().label());
            hs.reject(admission.refusal() == ConnectionLimiter.Refusal.TOTAL ? 503 : 429);
            return;
        }
        hs.accept().onComplete(ar -> {
            if (ar.failed()) {
                admission.lease().release();
            } else {
                releaseWhenGone(ar.result(), admission.lease());
            }
        });
    }

    /** Releases {@code lease} once the connection's channel closes (at once if it already has). */
    private static void releaseWhenGone(ServerWebSocket ws, ConnectionLimiter.Lease lease) {
        ((io.vertx.core.internal.http.WebSocketInternal) ws).channelHandlerContext().channel().closeFuture()
                .addListener(f -> lease.release());
    }

    public void open(ServerWebSocket ws) {
        if (ctx.shuttingDown().get()) {
            ws.close(CloseCodes.GOING_AWAY, "Server shutdown");
            return;
        }
        String path = ws.path();
        Consumer<ServerWebSocket> extra = extraEndpoints.get(path);
        if (extra != null) {
            extra.accept(ws);
            return;
        }
        Map<String, List<String>> query = TokenSources.query(ws.uri());
        Optional<Principal> principal = ctx.tokens().verify(
                TokenSources.find(ws.headers(), query, ctx.config().auth().cookieName()));
        if (principal.isEmpty()) {
            ws.close(CloseCodes.UNAUTHORIZED, "unauthorized");
            return;
        }
        Principal p = principal.get();
        boolean userEndpoint = !path.equals(EVENTS_PATH);
        String user = userEndpoint ? userOf(path) : p.subject();
        if (userEndpoint && !user.equals(p.subject()) && !p.isAdmin()) {
            ws.close(CloseCodes.UNAUTHORIZED, "unauthorized");
            return;
        }
        // Per user only now that the token is read; 1013 "Try Again Later" is a close code a browser can read.
        ConnectionLimiter.Admission admission = ctx.limiters().connections().admitUser(p.tenant(), p.subject());
        if (!admission.ok()) {
            ctx.metrics().connectionRefused(admission.refusal().label());
            ws.close(CloseCodes.TRY_AGAIN_LATER, "too many connections");
            return;
        }
        releaseWhenGone(ws, admission.lease());
        Long since = parseSince(query);
        EventSession session = new EventSession(ctx, shard, ws, p, user, userEndpoint);
        track(session);
        session.start(since);
    }

    /** Keeps {@code session} in this loop's sweep until it is gone. */
    public void track(WsSession session) {
        sessions.add(session);
        session.whenGone(() -> sessions.remove(session));
    }

    private static Long parseSince(Map<String, List<String>> query) {
        List<String> v = query.get("since");
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            long n = Long.parseLong(v.get(0));
            return n < 0 ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The user of a {@code /ws/{user}} path, or null when the path is not one. */
    static String userOf(String path) {
        if (!path.startsWith(USER_PREFIX) || path.length() == USER_PREFIX.length()) {
            return null;
        }
        String raw = path.substring(USER_PREFIX.length());
        if (raw.indexOf('/') >= 0) {
            return null;
        }
        String user;
        try {
            user = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (user.isEmpty() || user.length() > 256 || RESERVED_USERS.contains(user)) {
            return null;
        }
        return user;
    }
}
