package dev.herald.protocol;

/** JSON field names of the messages on {@code /ws/events} and {@code /ws/{user}} (SPEC §3, §4). */
public final class Fields {
    /** The verb of a client message; {@link #TYPE} is accepted in its place. */
    public static final String ACTION = "action";
    /** An event's type, a reply's kind, or (from a client) the verb. */
    public static final String TYPE = "type";
    public static final String EVENT_TYPES = "event_types";
    public static final String SINCE = "since";
    public static final String TOKEN = "token";
    public static final String TIMESTAMP = "timestamp";
    public static final String DATA = "data";
    public static final String ID = "id";
    /** Present on every event Herald stores; absent on {@code system_status}. */
    public static final String SEQ = "seq";
    public static final String MESSAGE = "message";
    public static final String CODE = "code";
    public static final String DETAIL = "detail";
    /** In {@code recovery_failed}: the oldest seq still held. */
    public static final String FROM = "from";
    /** In {@code refreshed}: when the new token expires. */
    public static final String EXPIRES_AT = "expires_at";

    /** In {@link #EVENT_TYPES}: every type. */
    public static final String WILDCARD = "*";
    /** The query parameter that resumes a stream after a seq. */
    public static final String SINCE_PARAM = "since";

    private Fields() {
    }
}
