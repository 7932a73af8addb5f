package dev.herald.core.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.json.Json;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps one JSON-lines record to an entry. github-webhook-server writes two kinds of record into
 * {@code webhooks_YYYY-MM-DD.json}: log records ({@code timestamp, level, logger_name, message, hook_id,
 * event_type, repository, pr_number, api_user}) and per-delivery summaries ({@code hook_id, event_type,
 * repository, pr: {number}, api_user, timing: {started_at}, ...}); other writers use other common names.
 * So each field is looked up under its own name first, then under aliases. Thread-safe.
 *
 * <p>The field's own key is always consumed (it is never repeated as an extra, even when its value is
 * unusable); an alias is consumed only when its value was taken. Every other key passes through as an extra.
 */
final class JsonLineParser {
    private static final Map<LogField, List<String>> ALIASES = Map.of(
            LogField.TIMESTAMP, List.of("@timestamp", "time", "ts", "asctime"),
            LogField.LEVEL, List.of("levelname", "severity", "log_level"),
            LogField.LOGGER_NAME, List.of("name", "logger"),
            LogField.MESSAGE, List.of("msg"),
            LogField.HOOK_ID, List.of("delivery_id", "x_github_delivery"),
            LogField.EVENT_TYPE, List.of("event", "github_event"),
            LogField.REPOSITORY, List.of("repository_full_name", "repo"),
            LogField.PR_NUMBER, List.of("pull_request_number"),
            LogField.GITHUB_USER, List.of("api_user", "user"));

    private JsonLineParser() {
    }

    /** The entry for {@code line}; anything but a JSON object becomes {@link LogEntry#unparsed}. */
    static LogEntry parse(String line) {
        JsonNode node = Json.parseOrNull(line);
        if (!(node instanceof ObjectNode record) || !representable(record)) {
            return LogEntry.unparsed(line);
        }
        Set<String> consumed = new HashSet<>();
        LogEntry.Builder b = LogEntry.builder();
        for (LogField f : LogField.values()) {
            JsonNode v = pick(record, f, consumed);
            if (f == LogField.PR_NUMBER) {
                b.prNumber(PrNumbers.of(v == null ? nested(record, "pr", "number", "pull_request") : v));
            } else if (f == LogField.TIMESTAMP && v == null) {
                b.timestamp(text(nested(record, "timing", "started_at", null)));
            } else {
                b.set(f, f == LogField.REPOSITORY ? repository(v) : text(v));
            }
        }
        for (Map.Entry<String, JsonNode> e : record.properties()) {
            if (!consumed.contains(e.getKey())) {
                b.extra(e.getKey(), e.getValue());
            }
        }
        return b.build();
    }

    /**
     * False when a number in the record is beyond what a double holds ({@code 1e999999999}): no client could read
     * it back as a number, so the line goes out as it was written, as a raw message.
     */
    private static boolean representable(JsonNode node) {
        if (node.isNumber()) {
            return !Double.isInfinite(node.doubleValue());
        }
        for (JsonNode child : node) {
            if (!representable(child)) {
                return false;
            }
        }
        return true;
    }

    /** The value for {@code f}: its own key when not null, else the first alias holding a scalar. */
    private static JsonNode pick(ObjectNode record, LogField f, Set<String> consumed) {
        consumed.add(f.wireName());
        JsonNode own = record.get(f.wireName());
        if (own != null && !own.isNull()) {
            return own;
        }
        for (String alias : ALIASES.getOrDefault(f, List.of())) {
            JsonNode v = record.get(alias);
            if (v != null && v.isValueNode() && !v.isNull()) {
                consumed.add(alias);
                return v;
            }
        }
        return null;
    }

    /** {@code record[outer][inner]}, trying {@code outerAlt} as the outer key too; null when absent. */
    private static JsonNode nested(ObjectNode record, String outer, String inner, String outerAlt) {
        for (String o : outerAlt == null ? List.of(outer) : List.of(outer, outerAlt)) {
            JsonNode container = record.get(o);
            if (container != null && container.isObject()) {
                JsonNode v = container.get(inner);
                if (v != null && !v.isNull()) {
                    return v;
                }
            }
        }
        return null;
    }

    /** A repository written as GitHub's object keeps its {@code full_name}. */
    private static String repository(JsonNode v) {
        if (v != null && v.isObject() && v.path("full_name").isTextual()) {
            return v.get("full_name").textValue();
        }
        return text(v);
    }

    /** Scalars as their text; an object or array as compact JSON, so nothing in it is lost. */
    private static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : Json.writeTree(v);
    }
}
