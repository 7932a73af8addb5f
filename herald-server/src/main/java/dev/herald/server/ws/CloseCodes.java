package dev.herald.server.ws;

/**
 * WebSocket close codes Herald sends (SPEC §3–§6, §9), as the {@code short}s Netty and Vert.x take. The values
 * live in {@link dev.herald.protocol.CloseCodes}, which clients share, so the two cannot drift.
 */
public final class CloseCodes {
    public static final short GOING_AWAY = dev.herald.protocol.CloseCodes.GOING_AWAY;
    public static final short PROTOCOL_ERROR = dev.herald.protocol.CloseCodes.PROTOCOL_ERROR;
    public static final short POLICY_VIOLATION = dev.herald.protocol.CloseCodes.POLICY_VIOLATION;
    public static final short MESSAGE_TOO_BIG = dev.herald.protocol.CloseCodes.MESSAGE_TOO_BIG;
    public static final short INTERNAL_ERROR = dev.herald.protocol.CloseCodes.INTERNAL_ERROR;
    public static final short UNAUTHORIZED = dev.herald.protocol.CloseCodes.UNAUTHORIZED;
    public static final short TOKEN_EXPIRED = dev.herald.protocol.CloseCodes.TOKEN_EXPIRED;
    public static final short SLOW_CONSUMER = dev.herald.protocol.CloseCodes.SLOW_CONSUMER;
    public static final short KEEPALIVE_TIMEOUT = dev.herald.protocol.CloseCodes.KEEPALIVE_TIMEOUT;
    /** RFC 6455 "Try Again Later": a connection limit was reached; the client reconnects with backoff. */
    public static final short TRY_AGAIN_LATER = dev.herald.protocol.CloseCodes.TRY_AGAIN_LATER;

    private CloseCodes() {
    }
}
