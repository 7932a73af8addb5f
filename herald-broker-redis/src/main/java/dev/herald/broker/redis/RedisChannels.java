package dev.herald.broker.redis;

import dev.herald.core.hub.Frame;

import java.nio.charset.StandardCharsets;

/**
 * Channel names: {@code herald:ev:<tenant>} per tenant, {@code herald:sys} for system frames. A node
 * subscribes to the pattern {@code herald:ev:*} and to {@code herald:sys}, so it receives every tenant's
 * frames; per-tenant names keep a later move to subscribing only the tenants a node serves possible.
 *
 * <p>Redis pub/sub ignores the database number of {@code redis.url}, so the names carry it instead
 * ({@code herald:3:ev:<tenant>} for {@code /3}; database 0 keeps the plain names): two clusters on one Redis
 * with different database numbers never see each other's frames.
 */
final class RedisChannels {
    final String eventPrefix;
    final byte[] eventsPattern;
    final byte[] system;

    RedisChannels(int database) {
        String base = database == 0 ? "herald:" : "herald:" + database + ":";
        this.eventPrefix = base + "ev:";
        this.eventsPattern = bytes(eventPrefix + "*");
        this.system = bytes(base + "sys");
    }

    /** The channel for a frame's tenant, or {@link #system} when it has none. */
    byte[] of(Frame frame) {
        return frame.tenant() == null ? system : bytes(eventPrefix + frame.tenant());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
