package dev.herald.server.http;

import dev.herald.core.json.Json;
import dev.herald.server.ServerContext;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health} and {@code GET /ws/health}. 503 when this node cannot accept events (its store does not
 * answer, or it is shutting down), so a load balancer takes it out. A broker outage is {@code "degraded"} but
 * still 200: the node keeps accepting durable publishes and serving its own clients, and taking every node
 * out of rotation because Redis is down would turn a partial outage into a full one.
 */
public final class HealthHandlers {
    private final ServerContext ctx;

    public HealthHandlers(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void health(RoutingContext rc) {
        boolean broker = ctx.broker().healthy();
        boolean store = ctx.store().healthy();
        boolean up = store && !ctx.shuttingDown().get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !up ? "unavailable" : broker ? "ok" : "degraded");
        body.put("store", store ? "ok" : "unavailable");
        body.put("broker", broker ? "ok" : "unreachable");
        body.put("version", ctx.version());
        body.put("node", ctx.config().nodeId());
        reply(rc, up, body);
    }

    public void wsHealth(RoutingContext rc) {
        boolean broker = ctx.broker().healthy();
        Map<String, Integer> byEndpoint = ctx.metrics().webSocketsByEndpoint();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", broker ? "ok" : "degraded");
        body.put("broker_status", broker ? "ok" : "unreachable");
        body.put("connections", byEndpoint.values().stream().mapToInt(Integer::intValue).sum());
        body.put("by_endpoint", byEndpoint);
        body.put("node", ctx.config().nodeId());
        body.put("broker", ctx.broker().kind());
        reply(rc, !ctx.shuttingDown().get(), body);
    }

    private static void reply(RoutingContext rc, boolean ok, Map<String, Object> body) {
        rc.response().setStatusCode(ok ? 200 : 503).putHeader("Content-Type", "application/json")
                .end(Json.write(body));
    }
}
