package dev.herald.core.error;

/**
 * A failure the caller can act on: it carries a code from {@link ErrorCode}, a human detail and,
 * where the fault is in one field of the input, the path of that field (e.g. {@code events[3].type}).
 */
public final class HeraldException extends RuntimeException {
    private final ErrorCode code;
    private final String field;

    public HeraldException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    public HeraldException(ErrorCode code, String detail, String field) {
        super(detail, null, false, false);
        this.code = code;
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    /** The path of the offending field, or null when the error is not about one field. */
    public String field() {
        return field;
    }

    /** The same error, reported under {@code prefix} (e.g. {@code events[3]}). */
    public HeraldException under(String prefix) {
        return new HeraldException(code, detail(), field == null ? prefix : prefix + "." + field);
    }
}
