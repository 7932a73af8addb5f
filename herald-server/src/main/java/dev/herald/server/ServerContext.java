package dev.herald.server;

import dev.herald.core.auth.ApiKeyAuthenticator;
import dev.herald.core.auth.TokenVerifier;
import dev.herald.core.broker.Broker;
import dev.herald.core.event.EventParser;
import dev.herald.core.hub.Hub;
import dev.herald.core.ingest.Publisher;
import dev.herald.core.store.EventStore;
import dev.herald.server.cluster.ClusterMembership;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.limits.Limiters;
import dev.herald.server.store.StoreBackend;
import dev.herald.server.metrics.HeraldMetrics;
import dev.herald.server.stream.EventPipeline;
import dev.herald.server.stream.RecoverySource;
import dev.herald.server.webhook.Webhooks;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's shared, thread-safe services, handed to every verticle and endpoint. {@link #config()} and
 * {@link #parser()} read the {@link LiveConfig} at each call, so a caller that reads them per use follows a reload.
 */
public record ServerContext(LiveConfig live, String version, TokenVerifier tokens, ApiKeyAuthenticator apiKeys,
                            Publisher publisher, EventStore store, RecoverySource recovery, Hub hub,
                            Broker broker, EventPipeline pipeline, HeraldMetrics metrics, AtomicBoolean shuttingDown,
                            Webhooks webhooks, ClusterMembership membership, StoreBackend backend,
                            Limiters limiters) {

    /** The configuration in force now (one immutable snapshot; see {@link LiveConfig}). */
    public HeraldConfig config() {
        return live.get();
    }

    /** The event parser for the {@code limits.max_event_bytes} in force now. */
    public EventParser parser() {
        return live.parser();
    }
}
