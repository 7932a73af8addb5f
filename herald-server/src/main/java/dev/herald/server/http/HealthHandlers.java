package dev.herald.server.http;

import dev.herald.core.json.Json;
import dev.herald.server.ServerContext;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health} and {@code GET /ws/health}: 200 when this node can do its job, 503 otherwise. */
public final class HealthHandlers {
    private final ServerContext ctx;

    public HealthHandlers(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void health(RoutingContext rc) {
        boolean broker = ctx.broker().healthy();
        boolean ok = broker && !ctx.shuttingDown().get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ok" : "degraded");
        body.put("store", "ok");
        body.put("broker", broker ? "ok" : "unreachable");
        body.put("version", ctx.version());
        reply(rc, ok, body);
    }

    public void wsHealth(RoutingContext rc) {
        boolean broker = ctx.broker().healthy();
        Map<String, Integer> byEndpoint = ctx.metrics().webSocketsByEndpoint();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", broker ? "ok" : "degraded");
        body.put("connections", byEndpoint.values().stream().mapToInt(Integer::intValue).sum());
        body.put("by_endpoint", byEndpoint);
        body.put("node", ctx.config().nodeId());
        body.put("broker", ctx.broker().kind());
        reply(rc, broker, body);
    }

    private static void reply(RoutingContext rc, boolean ok, Map<String, Object> body) {
        rc.response().setStatusCode(ok ? 200 : 503).putHeader("Content-Type", "application/json")
                .end(Json.write(body));
    }
}
