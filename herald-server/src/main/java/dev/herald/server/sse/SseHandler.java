package dev.herald.server.sse;

import dev.herald.core.auth.Principal;
import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.event.EventTypes;
import dev.herald.core.hub.Hub;
import dev.herald.server.ServerContext;
import dev.herald.server.http.ErrorResponses;
import dev.herald.server.http.OriginPolicy;
import dev.herald.server.limits.ConnectionLimiter;
import dev.herald.server.stream.SessionRegistry;
import dev.herald.server.ws.TokenSources;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code GET /sse/events}: authenticates like {@code /ws/events} (401 on failure) and opens an {@link SseSession}. */
public final class SseHandler implements Handler<RoutingContext> {
    private final ServerContext ctx;
    private final Hub.Shard shard;
    private final SessionRegistry sessions;
    private final OriginPolicy origins;

    public SseHandler(ServerContext ctx, Hub.Shard shard, SessionRegistry sessions) {
        this.ctx = ctx;
        this.shard = shard;
        this.sessions = sessions;
        this.origins = new OriginPolicy(ctx.config().server().allowedOrigins());
    }

    @Override
    public void handle(RoutingContext rc) {
        if (!origins.permits(rc.request().getHeader("Origin"), rc.request().getHeader("Host"))) {
            ErrorResponses.send(rc, new HeraldException(ErrorCode.FORBIDDEN,
                    "this origin may not open a stream: add it to server.allowed_origins"));
            return;
        }
        ConnectionLimiter limiter = ctx.limiters().connections();
        ConnectionLimiter.Admission address = limiter.admitAddress(rc.request().remoteAddress().hostAddress());
        if (!address.ok()) {
            refuse(rc, address.refusal());
            return;
        }
        Map<String, List<String>> query = TokenSources.query(rc.request().uri());
        Optional<Principal> principal = ctx.tokens().verify(
                TokenSources.find(rc.request().headers(), query, ctx.config().auth().cookieName()));
        if (principal.isEmpty()) {
            address.lease().release();
            ErrorResponses.send(rc, new HeraldException(ErrorCode.UNAUTHORIZED,
                    "a valid token is required: Authorization: Bearer <jwt>, the auth cookie, or ?token="));
            return;
        }
        Set<String> types;
        Long lastEventId;
        try {
            types = parseTypes(rc.request().getParam("types"));
            lastEventId = parseLastEventId(Optional.ofNullable(rc.request().getHeader("Last-Event-ID"))
                    .orElse(rc.request().getParam("since")));
        } catch (HeraldException e) {
            address.lease().release();
            ErrorResponses.send(rc, e);
            return;
        }
        ConnectionLimiter.Admission user = limiter.admitUser(principal.get().tenant(), principal.get().subject());
        if (!user.ok()) {
            address.lease().release();
            refuse(rc, user.refusal());
            return;
        }
        SseSession session = new SseSession(ctx, shard, rc.response(), principal.get(), types);
        sessions.add(session);
        session.start(lastEventId, () -> {
            sessions.remove(session);
            address.lease().release();
            user.lease().release();
        });
    }

    /** 503 when the node is full, 429 when this address or user has its share; EventSource retries either. */
    private void refuse(RoutingContext rc, ConnectionLimiter.Refusal why) {
        ctx.metrics().connectionRefused(why.label());
        rc.response().putHeader("Retry-After", "5");
        ErrorResponses.send(rc, why == ConnectionLimiter.Refusal.TOTAL
                ? new HeraldException(ErrorCode.UNAVAILABLE, "this node has limits.connections_total connections; retry later")
                : new HeraldException(ErrorCode.TOO_MANY_REQUESTS, "too many connections from this "
                        + (why == ConnectionLimiter.Refusal.PER_IP ? "address (limits.connections_per_ip)" : "user (limits.connections_per_user)")));
    }

    private static Set<String> parseTypes(String param) {
        if (param == null || param.isBlank()) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String t : param.split(",")) {
            String type = t.trim();
            if (type.equals(EventTypes.WILDCARD)) {
                return null;
            }
            if (!EventTypes.isValid(type)) {
                throw new HeraldException(ErrorCode.INVALID_REQUEST, "types must be event type names, got \"" + type + "\"", "types");
            }
            out.add(type);
        }
        return out;
    }

    private static Long parseLastEventId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new HeraldException(ErrorCode.INVALID_REQUEST, "Last-Event-ID must be a seq (a non-negative integer)", "Last-Event-ID");
        }
    }
}
