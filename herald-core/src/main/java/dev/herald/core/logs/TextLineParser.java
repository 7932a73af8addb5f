package dev.herald.core.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses text lines written with Python's {@code "%(asctime)s %(name)s %(levelname)s %(message)s"}, and the
 * webhook prefix {@code {owner/repo} [{event_type}][{hook_id}][{github_user}][PR {n}]: } at the start of the
 * message. As tolerant as github-webhook-server's own parser: ANSI colours anywhere, an ISO or Python
 * default timestamp, and a prefix without the user or without the PR segment. Thread-safe.
 */
final class TextLineParser {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern LINE = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)"
                    + "\\s+(\\S+)\\s+([A-Za-z][\\w.-]*)(?:\\s+(.*))?$",
            Pattern.DOTALL);
    private static final Pattern PR_SEGMENT = Pattern.compile("PR (\\d{1,10})");
    /** event_type and hook_id are always written; github_user and the PR segment are optional. */
    private static final int MIN_GROUPS = 2;
    private static final int MAX_GROUPS = 3;

    private TextLineParser() {
    }

    /** The entry for {@code line}; a line not in the format becomes {@link LogEntry#unparsed}. */
    static LogEntry parse(String line) {
        String clean = line.indexOf('\u001B') >= 0 ? ANSI.matcher(line).replaceAll("") : line;
        Matcher m = LINE.matcher(clean);
        if (!m.matches()) {
            return LogEntry.unparsed(line);
        }
        String message = m.group(4) == null ? "" : m.group(4);
        LogEntry.Builder b = LogEntry.builder().timestamp(m.group(1)).loggerName(m.group(2)).level(m.group(3));
        if (!applyPrefix(message, b)) {
            b.message(message);
        }
        return b.build();
    }

    /** Fills the prefix fields and the rest of the message; false when the message has no prefix. */
    private static boolean applyPrefix(String msg, LogEntry.Builder b) {
        int len = msg.length();
        int i = 0;
        while (i < len && msg.charAt(i) != '[' && !Character.isWhitespace(msg.charAt(i))) {
            i++;
        }
        String repository = i == 0 ? null : msg.substring(0, i);
        while (i < len && msg.charAt(i) == ' ') {
            i++;
        }
        List<String> groups = new ArrayList<>(4);
        while (i < len && msg.charAt(i) == '[') {
            int close = msg.indexOf(']', i + 1);
            if (close < 0 || close == i + 1 || groups.size() > MAX_GROUPS) {
                return false;
            }
            String g = msg.substring(i + 1, close);
            if (g.indexOf('[') >= 0) {
                return false;
            }
            groups.add(g);
            i = close + 1;
        }
        if (i >= len || msg.charAt(i) != ':') {
            return false;
        }
        i++;
        if (i < len && msg.charAt(i) == ' ') {
            i++;
        }
        Integer pr = null;
        if (!groups.isEmpty()) {
            Matcher prm = PR_SEGMENT.matcher(groups.get(groups.size() - 1));
            if (prm.matches()) {
                pr = PrNumbers.parse(prm.group(1));
                if (pr == null) {
                    return false;
                }
                groups.remove(groups.size() - 1);
            }
        }
        if (groups.size() < MIN_GROUPS || groups.size() > MAX_GROUPS) {
            return false;
        }
        b.repository(repository).eventType(groups.get(0)).hookId(groups.get(1))
                .githubUser(groups.size() > 2 ? groups.get(2) : null).prNumber(pr).message(msg.substring(i));
        return true;
    }
}
