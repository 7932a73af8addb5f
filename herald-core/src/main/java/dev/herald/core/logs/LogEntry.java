package dev.herald.core.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.json.Json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One flat log entry, as sent on {@code /logs/ws}: the nine {@link LogField}s (null when the source did not
 * have them) followed by the extra fields of a JSON-lines record, in source order.
 *
 * <p>Immutable and thread-safe. The wire JSON is built once, on first use of {@link #json()}, and shared by
 * every recipient. The extra fields' {@link JsonNode}s must not be mutated.
 */
public final class LogEntry {
    private final String timestamp;
    private final String level;
    private final String loggerName;
    private final String message;
    private final String hookId;
    private final String eventType;
    private final String repository;
    private final Integer prNumber;
    private final String githubUser;
    private final Map<String, JsonNode> extras;
    private final LogPosition position;
    private volatile String json;
    private volatile byte[] utf8;

    private LogEntry(Builder b) {
        this.timestamp = b.timestamp;
        this.level = b.level;
        this.loggerName = b.loggerName;
        this.message = b.message;
        this.hookId = b.hookId;
        this.eventType = b.eventType;
        this.repository = b.repository;
        this.prNumber = b.prNumber;
        this.githubUser = b.githubUser;
        this.extras = b.extras.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.extras));
        this.position = b.position;
    }

    private LogEntry(LogEntry e, LogPosition position) {
        this.timestamp = e.timestamp;
        this.level = e.level;
        this.loggerName = e.loggerName;
        this.message = e.message;
        this.hookId = e.hookId;
        this.eventType = e.eventType;
        this.repository = e.repository;
        this.prNumber = e.prNumber;
        this.githubUser = e.githubUser;
        this.extras = e.extras;
        this.position = position;
    }

    /** A line that is in no known format: the raw line is the message, every other field is null. */
    public static LogEntry unparsed(String rawLine) {
        return builder().message(rawLine).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this entry's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.timestamp = timestamp;
        b.level = level;
        b.loggerName = loggerName;
        b.message = message;
        b.hookId = hookId;
        b.eventType = eventType;
        b.repository = repository;
        b.prNumber = prNumber;
        b.githubUser = githubUser;
        b.extras.putAll(extras);
        b.position = position;
        return b;
    }

    /** As written in the source, not reformatted. */
    public String timestamp() {
        return timestamp;
    }

    public String level() {
        return level;
    }

    public String loggerName() {
        return loggerName;
    }

    public String message() {
        return message;
    }

    public String hookId() {
        return hookId;
    }

    public String eventType() {
        return eventType;
    }

    public String repository() {
        return repository;
    }

    public Integer prNumber() {
        return prNumber;
    }

    public String githubUser() {
        return githubUser;
    }

    /** Fields of a JSON-lines record beyond the nine, in source order; empty for text lines. */
    public Map<String, JsonNode> extras() {
        return extras;
    }

    /** Where the line was read, or null for an entry that did not come from a file. Not sent on the wire. */
    public LogPosition position() {
        return position;
    }

    /** This entry read at {@code p}; the fields are shared, not copied. */
    public LogEntry withPosition(LogPosition p) {
        return new LogEntry(this, p);
    }

    /** The wire object: the nine fields always present (null when missing), then the extras. */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        for (LogField f : LogField.values()) {
            if (f == LogField.PR_NUMBER) {
                if (prNumber == null) {
                    o.putNull(f.wireName());
                } else {
                    o.put(f.wireName(), prNumber.intValue());
                }
            } else {
                o.put(f.wireName(), f.textOf(this));
            }
        }
        extras.forEach(o::set);
        return o;
    }

    /** {@link #toJson()} serialized, computed once per entry so fan-out encodes it a single time. */
    public String json() {
        String s = json;
        if (s == null) {
            s = Json.writeTree(toJson()); // numbers as the record wrote them, whatever their exponent
            json = s;
        }
        return s;
    }

    /**
     * {@link #json()} as UTF-8, computed once per entry so every connection writes the same bytes. Shared:
     * callers must not modify the array.
     */
    public byte[] utf8() {
        byte[] b = utf8;
        if (b == null) {
            b = json().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            utf8 = b;
        }
        return b;
    }

    /** Equal when every wire field and extra is equal; the position is not compared. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LogEntry e)) {
            return false;
        }
        return Objects.equals(timestamp, e.timestamp) && Objects.equals(level, e.level)
                && Objects.equals(loggerName, e.loggerName) && Objects.equals(message, e.message)
                && Objects.equals(hookId, e.hookId) && Objects.equals(eventType, e.eventType)
                && Objects.equals(repository, e.repository) && Objects.equals(prNumber, e.prNumber)
                && Objects.equals(githubUser, e.githubUser) && extras.equals(e.extras);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, level, loggerName, message, hookId, eventType, repository, prNumber,
                githubUser, extras);
    }

    @Override
    public String toString() {
        return json();
    }

    /** Collects an entry's values. Not thread-safe; build once per entry. */
    public static final class Builder {
        private String timestamp;
        private String level;
        private String loggerName;
        private String message;
        private String hookId;
        private String eventType;
        private String repository;
        private Integer prNumber;
        private String githubUser;
        private final Map<String, JsonNode> extras = new LinkedHashMap<>();
        private LogPosition position;

        private Builder() {
        }

        public Builder timestamp(String v) {
            timestamp = v;
            return this;
        }

        public Builder level(String v) {
            level = v;
            return this;
        }

        public Builder loggerName(String v) {
            loggerName = v;
            return this;
        }

        public Builder message(String v) {
            message = v;
            return this;
        }

        public Builder hookId(String v) {
            hookId = v;
            return this;
        }

        public Builder eventType(String v) {
            eventType = v;
            return this;
        }

        public Builder repository(String v) {
            repository = v;
            return this;
        }

        public Builder prNumber(Integer v) {
            prNumber = v;
            return this;
        }

        public Builder githubUser(String v) {
            githubUser = v;
            return this;
        }

        /** Sets one of the nine fields by wire name; {@code pr_number} must be decimal text or null. */
        public Builder set(LogField field, String value) {
            switch (field) {
                case TIMESTAMP -> timestamp = value;
                case LEVEL -> level = value;
                case LOGGER_NAME -> loggerName = value;
                case MESSAGE -> message = value;
                case HOOK_ID -> hookId = value;
                case EVENT_TYPE -> eventType = value;
                case REPOSITORY -> repository = value;
                case PR_NUMBER -> prNumber = value == null ? null : Integer.valueOf(value);
                case GITHUB_USER -> githubUser = value;
            }
            return this;
        }

        /**
         * Adds a pass-through field. A name that is one of the nine is refused: the wire object would carry
         * the key twice.
         */
        public Builder extra(String name, JsonNode value) {
            if (LogField.byWireName(name) != null) {
                throw new IllegalArgumentException("'" + name + "' is a log field, not an extra");
            }
            extras.put(name, value);
            return this;
        }

        public Builder clearExtras() {
            extras.clear();
            return this;
        }

        public Builder position(LogPosition v) {
            position = v;
            return this;
        }

        public LogEntry build() {
            return new LogEntry(this);
        }
    }
}
