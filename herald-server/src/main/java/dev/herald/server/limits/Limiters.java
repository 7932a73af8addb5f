package dev.herald.server.limits;

import dev.herald.server.config.HeraldConfig;
import dev.herald.server.metrics.HeraldMetrics;

/** The node's shared limiters (one of each, used by every event loop); per-connection buckets live in sessions. */
public record Limiters(ConnectionLimiter connections, PublishRateLimit publish) {

    public static Limiters of(HeraldConfig.Limits limits, HeraldMetrics metrics) {
        return new Limiters(new ConnectionLimiter(limits.connections()), new PublishRateLimit(limits.publish(), metrics));
    }

    /** Applies reloaded limits to the node-wide limiters (per-connection buckets are taken when a connection opens). */
    public void update(HeraldConfig.Limits limits) {
        connections.update(limits.connections());
        publish.update(limits.publish());
    }
}
