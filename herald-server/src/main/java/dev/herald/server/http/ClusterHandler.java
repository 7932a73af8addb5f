package dev.herald.server.http;

import dev.herald.core.json.Json;
import dev.herald.core.store.NodeInfo;
import dev.herald.server.cluster.ClusterMembership;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/cluster} (admin key): the live nodes with their URL, connections, start and last
 * heartbeat, and which of them answered. Read off the event loop (the directory may be the database).
 */
public final class ClusterHandler implements Handler<RoutingContext> {
    private final ClusterMembership membership;
    private final String broker;
    private final String store;

    public ClusterHandler(ClusterMembership membership, String broker, String store) {
        this.membership = membership;
        this.broker = broker;
        this.store = store;
    }

    @Override
    public void handle(RoutingContext rc) {
        rc.vertx().executeBlocking(membership::live, false).onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(ar.cause());
                return;
            }
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (NodeInfo n : ar.result()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("node_id", n.nodeId());
                m.put("url", n.url());
                m.put("connections", n.connections());
                m.put("started_at", n.startedAt().toString());
                m.put("last_heartbeat", n.lastHeartbeat().toString());
                nodes.add(m);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("self", membership.nodeId());
            body.put("broker", broker);
            body.put("store", store);
            body.put("nodes", nodes);
            rc.response().putHeader("Content-Type", "application/json").end(Json.write(body));
        });
    }
}
