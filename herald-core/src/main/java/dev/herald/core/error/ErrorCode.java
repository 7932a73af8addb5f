package dev.herald.core.error;

/** The one error vocabulary of Herald: HTTP bodies, WebSocket error replies and CLI messages use these codes. */
public enum ErrorCode {
    INVALID_JSON(400),
    INVALID_EVENT(400),
    UNSAFE_NUMBER(400),
    INVALID_REQUEST(400),
    INVALID_MESSAGE(400),
    /** A webhook URL whose host resolves to an address Herald will not call in production (SSRF guard). */
    FORBIDDEN_TARGET(400),
    UNRESOLVABLE_HOST(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    TOO_MANY_REQUESTS(429),
    INTERNAL(500),
    UNAVAILABLE(503),
    /** The durable store does not answer (cluster: PostgreSQL down); nothing of the request was accepted. */
    STORE_UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The wire name, e.g. {@code invalid_event}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
