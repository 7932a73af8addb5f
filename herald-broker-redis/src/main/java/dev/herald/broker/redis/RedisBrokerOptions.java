package dev.herald.broker.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RedisBroker} connects and how much it may hold.
 *
 * @param redisUrl          {@code redis://[:password@]host:port[/db]}, {@code rediss://} for TLS
 * @param nodeId            this node's id; messages carrying it are ignored on receipt
 * @param maxReconnectDelay cap of the exponential delay between reconnection attempts
 * @param requestQueueSize  publishes sent but not yet answered by Redis; beyond it frames are not sent
 * @param inboundQueueBytes bytes of messages received but not yet handed to the sink; beyond, they are dropped
 * @param connectTimeout    one connection attempt
 * @param commandTimeout    a publish Redis does not answer within it counts as not sent
 * @param shutdownTimeout   how long {@link RedisBroker#close()} waits for connections and threads
 */
public record RedisBrokerOptions(String redisUrl, String nodeId, Duration maxReconnectDelay, int requestQueueSize,
                                 long inboundQueueBytes, Duration connectTimeout, Duration commandTimeout,
                                 Duration shutdownTimeout) {

    public RedisBrokerOptions {
        Objects.requireNonNull(redisUrl, "redisUrl");
        if (nodeId == null || nodeId.isEmpty()) {
            throw new IllegalArgumentException("nodeId must not be empty");
        }
        if (requestQueueSize < 1 || inboundQueueBytes < 1) {
            throw new IllegalArgumentException("queue sizes must be positive");
        }
    }

    /**
     * Reconnect delay capped at 2 s, 10,000 publishes awaiting Redis's answer, 32 MiB of received messages
     * waiting for the sink, 2 s to connect and to shut down, 5 s for Redis to answer a publish.
     */
    public static RedisBrokerOptions of(String redisUrl, String nodeId) {
        return new RedisBrokerOptions(redisUrl, nodeId, Duration.ofSeconds(2), 10_000, 32L * 1024 * 1024,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(2));
    }
}
