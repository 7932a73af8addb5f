package dev.herald.broker.redis;

import dev.herald.core.hub.Frame;

import java.nio.charset.StandardCharsets;

/**
 * Channel names: {@code herald:ev:<tenant>} per tenant, {@code herald:sys} for system frames. A node
 * subscribes to the pattern {@code herald:ev:*} and to {@code herald:sys}, so it receives every tenant's
 * frames; per-tenant names keep a later move to subscribing only the tenants a node serves possible.
 */
final class RedisChannels {
    static final String EVENT_PREFIX = "herald:ev:";
    static final byte[] EVENTS_PATTERN = bytes(EVENT_PREFIX + "*");
    static final byte[] SYSTEM = bytes("herald:sys");

    private RedisChannels() {
    }

    /** The channel for a frame's tenant, or {@link #SYSTEM} when it has none. */
    static byte[] of(Frame frame) {
        return frame.tenant() == null ? SYSTEM : bytes(EVENT_PREFIX + frame.tenant());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
