package dev.herald.core.logs;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What one {@code /logs/ws} client wants: exact, case-sensitive values of {@code hook_id}, {@code pr_number},
 * {@code repository}, {@code event_type}, {@code github_user}, {@code level}, all of which must match. A
 * field not given (or given empty) does not filter. Immutable and thread-safe.
 */
public final class LogFilter {
    /** The detail of the error for a {@code pr_number} that is not an integer; the endpoint closes 1008 with it. */
    public static final String INVALID_PR_NUMBER = "invalid pr_number";
    /** The fields a client can filter on, most selective first (the order {@link LogFilterIndex} uses). */
    public static final List<LogField> FILTERABLE = List.of(LogField.HOOK_ID, LogField.PR_NUMBER,
            LogField.GITHUB_USER, LogField.REPOSITORY, LogField.EVENT_TYPE, LogField.LEVEL);
    public static final LogFilter NONE = new LogFilter(new EnumMap<>(LogField.class));

    private final Map<LogField, String> criteria;

    private LogFilter(EnumMap<LogField, String> criteria) {
        this.criteria = Collections.unmodifiableMap(criteria);
    }

    /**
     * The filter described by query parameters; {@code param} gives a parameter's value or null. Other
     * parameters ({@code tail}, {@code token}) are ignored.
     *
     * @throws HeraldException {@link ErrorCode#INVALID_REQUEST} with detail {@value #INVALID_PR_NUMBER} and
     *                         field {@code pr_number} when {@code pr_number} is not an integer
     */
    public static LogFilter fromQuery(Function<String, String> param) {
        LogFilter f = NONE;
        for (LogField field : FILTERABLE) {
            f = f.with(field, param.apply(field.wireName()));
        }
        return f;
    }

    /** {@link #fromQuery(Function)} over a map of single values. */
    public static LogFilter fromQuery(Map<String, String> params) {
        return fromQuery(params::get);
    }

    /**
     * This filter also requiring {@code field} to equal {@code value}; null or empty removes the requirement.
     *
     * @throws IllegalArgumentException when {@code field} is not filterable
     * @throws HeraldException          for a {@code pr_number} that is not an integer
     */
    public LogFilter with(LogField field, String value) {
        if (!FILTERABLE.contains(field)) {
            throw new IllegalArgumentException(field.wireName() + " is not a filter");
        }
        EnumMap<LogField, String> next = criteria.isEmpty() ? new EnumMap<>(LogField.class)
                : new EnumMap<>(criteria);
        if (value == null || value.isEmpty()) {
            next.remove(field);
        } else if (field == LogField.PR_NUMBER) {
            Integer n = PrNumbers.parse(value);
            if (n == null) {
                throw new HeraldException(ErrorCode.INVALID_REQUEST, INVALID_PR_NUMBER, field.wireName());
            }
            next.put(field, n.toString());
        } else {
            next.put(field, value);
        }
        return new LogFilter(next);
    }

    /** Whether {@code entry} has every required value. */
    public boolean matches(LogEntry entry) {
        for (Map.Entry<LogField, String> c : criteria.entrySet()) {
            if (!c.getValue().equals(c.getKey().textOf(entry))) {
                return false;
            }
        }
        return true;
    }

    /** The required values (pr_number in canonical decimal), by field; empty for {@link #NONE}. */
    public Map<LogField, String> criteria() {
        return criteria;
    }

    public boolean isEmpty() {
        return criteria.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogFilter f && criteria.equals(f.criteria);
    }

    @Override
    public int hashCode() {
        return Objects.hash(criteria);
    }

    @Override
    public String toString() {
        return "LogFilter" + criteria;
    }
}
