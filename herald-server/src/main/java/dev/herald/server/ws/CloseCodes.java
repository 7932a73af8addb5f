package dev.herald.server.ws;

/** WebSocket close codes Herald sends (SPEC §3–§6, §9). */
public final class CloseCodes {
    public static final short GOING_AWAY = 1001;
    public static final short PROTOCOL_ERROR = 1002;
    public static final short POLICY_VIOLATION = 1008;
    public static final short MESSAGE_TOO_BIG = 1009;
    public static final short INTERNAL_ERROR = 1011;
    /** RFC 6455 "Try Again Later": a connection limit was reached; the client reconnects with backoff. */
    public static final short TRY_AGAIN_LATER = 1013;
    public static final short UNAUTHORIZED = 4003;
    public static final short TOKEN_EXPIRED = 4004;
    public static final short SLOW_CONSUMER = 4008;
    public static final short KEEPALIVE_TIMEOUT = 4009;

    private CloseCodes() {
    }
}
