package dev.herald.server.cluster;

import dev.herald.broker.redis.RedisBroker;
import dev.herald.core.broker.Broker;
import dev.herald.core.broker.MemoryBroker;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.metrics.HeraldMetrics;

/** The one place the {@code broker} setting becomes an implementation. */
public final class Brokers {
    private Brokers() {
    }

    public static Broker open(HeraldConfig config) {
        if (config.cluster().redis()) {
            return new RedisBroker(config.cluster().redisUrl(), config.nodeId());
        }
        return new MemoryBroker();
    }

    /** Broker traffic as Prometheus gauges (Redis only; the memory broker has nothing to count). */
    public static void registerMetrics(Broker broker, HeraldMetrics metrics) {
        if (broker instanceof RedisBroker redis) {
            metrics.gauge("herald_broker_messages_published", redis::messagesPublished);
            metrics.gauge("herald_broker_frames_not_sent", redis::framesNotSent);
            metrics.gauge("herald_broker_frames_received", redis::framesReceived);
            metrics.gauge("herald_broker_up", () -> redis.healthy() ? 1 : 0);
        }
    }
}
