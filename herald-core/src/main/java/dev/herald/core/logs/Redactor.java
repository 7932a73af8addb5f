package dev.herald.core.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in log entries before they leave the server ({@code logs.redact}). In every string, nested
 * extras included: GitHub tokens ({@code gh[pousr]_…}, {@code github_pat_…}) become {@value #MASK}; so do the
 * token of {@code Bearer <token>} and the values of {@code password=}, {@code token=}, {@code secret=} (also
 * as the end of a longer key, e.g. {@code access_token=}), the key itself being kept so a reader sees what was
 * hidden. In JSON extras, a string under a key ending in password, secret or token is masked as a whole.
 *
 * <p>Thread-safe. An entry without secrets is returned as the same instance, so redaction costs one regex
 * scan per string field.
 */
public final class Redactor {
    public static final String MASK = "[REDACTED]";
    private static final Redactor ENABLED = new Redactor(true);
    private static final Redactor DISABLED = new Redactor(false);

    private static final String VALUE = "(?:\"[^\"]*\"|'[^']*'|[^\\s&,;\"'}\\]]+)";
    private static final Pattern SECRET = Pattern.compile(
            "(?<![A-Za-z0-9_])(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]+"
                    + "|(?<![A-Za-z0-9_])(?i:(bearer)(\\s+))[A-Za-z0-9._~+/=-]+"
                    + "|(?i:(password|passwd|token|secret)(\\s*=\\s*))" + VALUE);
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token)");

    private final boolean enabled;

    private Redactor(boolean enabled) {
        this.enabled = enabled;
    }

    public static Redactor of(boolean enabled) {
        return enabled ? ENABLED : DISABLED;
    }

    public boolean enabled() {
        return enabled;
    }

    /** {@code entry} with every string field masked; the same instance when nothing needed masking. */
    public LogEntry redact(LogEntry entry) {
        if (!enabled) {
            return entry;
        }
        LogEntry.Builder b = null;
        for (LogField f : LogField.values()) {
            if (f == LogField.PR_NUMBER) {
                continue;
            }
            String v = f.textOf(entry);
            String r = redact(v);
            if (r != v) {
                b = b == null ? entry.toBuilder() : b;
                b.set(f, r);
            }
        }
        boolean extrasChanged = false;
        Map<String, JsonNode> extras = entry.extras();
        LinkedHashMap<String, JsonNode> masked = new LinkedHashMap<>(extras.size());
        for (Map.Entry<String, JsonNode> e : extras.entrySet()) {
            JsonNode r = maskedValue(e.getKey(), e.getValue());
            extrasChanged |= r != e.getValue();
            masked.put(e.getKey(), r);
        }
        if (extrasChanged) {
            b = b == null ? entry.toBuilder() : b;
            b.clearExtras();
            masked.forEach(b::extra);
        }
        return b == null ? entry : b.build();
    }

    /** {@code s} with secrets masked; the same instance when there were none (or {@code s} is null). */
    public String redact(String s) {
        if (!enabled || s == null) {
            return s;
        }
        Matcher m = SECRET.matcher(s);
        if (!m.find()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int last = 0;
        do {
            out.append(s, last, m.start());
            if (m.group(1) != null) {
                out.append(m.group(1)).append(m.group(2));
            } else if (m.group(3) != null) {
                out.append(m.group(3)).append(m.group(4));
            }
            out.append(MASK);
            last = m.end();
        } while (m.find());
        return out.append(s, last, s.length()).toString();
    }

    /** {@code node} with every string inside masked; the same instance when nothing changed. */
    JsonNode redact(JsonNode node) {
        if (node.isTextual()) {
            String t = node.textValue();
            String r = redact(t);
            return r == t ? node : TextNode.valueOf(r);
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                JsonNode v = e.getValue();
                JsonNode r = maskedValue(e.getKey(), v);
                if (r != v) {
                    copy = copy == null ? ((ObjectNode) node).deepCopy() : copy;
                    copy.set(e.getKey(), r);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode v = node.get(i);
                JsonNode r = redact(v);
                if (r != v) {
                    copy = copy == null ? ((ArrayNode) node).deepCopy() : copy;
                    copy.set(i, r);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }

    /** The value of member {@code key}: masked whole under a secret-looking key, else masked inside. */
    private JsonNode maskedValue(String key, JsonNode value) {
        if (value.isTextual() && !value.textValue().isEmpty() && !MASK.equals(value.textValue())
                && SECRET_KEY.matcher(key).matches()) {
            return TextNode.valueOf(MASK);
        }
        return redact(value);
    }
}
