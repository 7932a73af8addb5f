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

/** The node's shared, thread-safe services, handed to every verticle and endpoint. */
public record ServerContext(HeraldConfig config, String version, TokenVerifier tokens, ApiKeyAuthenticator apiKeys,
                            EventParser parser, Publisher publisher, EventStore store, RecoverySource recovery, Hub hub,
                            Broker broker, EventPipeline pipeline, HeraldMetrics metrics, AtomicBoolean shuttingDown,
                            Webhooks webhooks, ClusterMembership membership, StoreBackend backend,
                            Limiters limiters) {
}
