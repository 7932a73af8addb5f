package dev.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Map;

/**
 * How {@code herald tail --logs} prints one {@code /logs/ws} entry:
 * {@code timestamp LEVEL [repository #pr event_type hook=… @user] message}, parts the entry lacks left out.
 * With colour, the level (and, from WARNING up, the message) is coloured by level with ANSI codes.
 */
final class LogLineFormat {
    static final String RESET = "\u001B[0m";
    private static final String DIM = "\u001B[2m";

    private final boolean color;

    LogLineFormat(boolean color) {
        this.color = color;
    }

    /** Colour unless stdout is not a terminal or {@code NO_COLOR} is set to anything non-empty (no-color.org). */
    static boolean colorWanted(boolean stdoutIsTerminal, Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return stdoutIsTerminal && (noColor == null || noColor.isEmpty());
    }

    String format(JsonNode e) {
        String level = text(e, "level");
        String code = color ? colorOf(level) : "";
        StringBuilder sb = new StringBuilder();
        String ts = text(e, "timestamp");
        if (ts != null) {
            sb.append(color ? DIM + ts + RESET : ts).append(' ');
        }
        if (level != null) {
            sb.append(code.isEmpty() ? level : code + level + RESET).append(' ');
        }
        String context = context(e);
        if (!context.isEmpty()) {
            sb.append('[').append(context).append("] ");
        }
        String message = text(e, "message");
        message = message == null ? "" : message;
        boolean loud = !code.isEmpty() && isAtLeastWarning(level);
        sb.append(loud ? code + message + RESET : message);
        return sb.toString();
    }

    private static String context(JsonNode e) {
        StringBuilder sb = new StringBuilder();
        append(sb, "", text(e, "repository"));
        append(sb, "#", text(e, "pr_number"));
        append(sb, "", text(e, "event_type"));
        append(sb, "hook=", text(e, "hook_id"));
        append(sb, "@", text(e, "github_user"));
        return sb.toString();
    }

    private static void append(StringBuilder sb, String prefix, String value) {
        if (value != null) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(prefix).append(value);
        }
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static boolean isAtLeastWarning(String level) {
        return switch (level.toUpperCase(Locale.ROOT)) {
            case "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL" -> true;
            default -> false;
        };
    }

    /** The ANSI colour of a level: debug dim, info green, warning yellow, error red, critical bold red. */
    static String colorOf(String level) {
        if (level == null) {
            return "";
        }
        return switch (level.toUpperCase(Locale.ROOT)) {
            case "DEBUG", "TRACE" -> DIM;
            case "INFO" -> "\u001B[32m";
            case "WARNING", "WARN" -> "\u001B[33m";
            case "ERROR" -> "\u001B[31m";
            case "CRITICAL", "FATAL" -> "\u001B[1;31m";
            default -> "";
        };
    }
}
