package dev.herald.core.logs;

import java.util.function.Function;

/** The nine fields every log entry carries on the wire, in wire order. */
public enum LogField {
    TIMESTAMP("timestamp", LogEntry::timestamp),
    LEVEL("level", LogEntry::level),
    LOGGER_NAME("logger_name", LogEntry::loggerName),
    MESSAGE("message", LogEntry::message),
    HOOK_ID("hook_id", LogEntry::hookId),
    EVENT_TYPE("event_type", LogEntry::eventType),
    REPOSITORY("repository", LogEntry::repository),
    PR_NUMBER("pr_number", e -> e.prNumber() == null ? null : e.prNumber().toString()),
    GITHUB_USER("github_user", LogEntry::githubUser);

    private final String wireName;
    private final Function<LogEntry, String> text;

    LogField(String wireName, Function<LogEntry, String> text) {
        this.wireName = wireName;
        this.text = text;
    }

    /** The JSON key, also the query parameter name for the filterable fields. */
    public String wireName() {
        return wireName;
    }

    /** The field's value in {@code entry} as text ({@code pr_number} in decimal), null when missing. */
    public String textOf(LogEntry entry) {
        return text.apply(entry);
    }

    /** The field named {@code wireName}, or null. */
    public static LogField byWireName(String wireName) {
        for (LogField f : values()) {
            if (f.wireName.equals(wireName)) {
                return f;
            }
        }
        return null;
    }
}
