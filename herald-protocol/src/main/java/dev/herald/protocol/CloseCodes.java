package dev.herald.protocol;

/**
 * WebSocket close codes of Herald's streams (SPEC §3–§6, §9) and the reasons sent with them. The server sends
 * them; a client decides from them whether reconnecting can help.
 */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    /** The server is shutting down; reconnect (with {@code since}) once it is back. */
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    /** Too many invalid messages from one connection. */
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int INTERNAL_ERROR = 1011;
    /** RFC 6455 "Try Again Later": a connection limit of the server was reached; reconnect with backoff. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** Missing, invalid or refused token, or a refresh that failed: the same token will be refused again. */
    public static final int UNAUTHORIZED = 4003;
    /** The token's {@code exp} passed without a refresh: only a new token helps. */
    public static final int TOKEN_EXPIRED = 4004;
    /** The client fell behind its outbound queue; it can reconnect with {@code since}. */
    public static final int SLOW_CONSUMER = 4008;
    public static final int KEEPALIVE_TIMEOUT = 4009;

    public static final String REASON_UNAUTHORIZED = "unauthorized";
    public static final String REASON_TOKEN_EXPIRED = "token expired";
    public static final String REASON_SLOW_CONSUMER = "slow consumer";
    public static final String REASON_KEEPALIVE_TIMEOUT = "keepalive timeout";
    public static final String REASON_SHUTDOWN = "Server shutdown";

    private CloseCodes() {
    }
}
