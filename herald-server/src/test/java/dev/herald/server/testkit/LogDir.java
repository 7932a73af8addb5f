package dev.herald.server.testkit;

import dev.herald.core.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real log directory for {@code /logs/ws} tests, written the way github-webhook-server writes its logs:
 * appends to {@code *.log} text files and {@code *.json} JSON-lines files.
 */
public final class LogDir {
    private static final Pattern SUBSCRIBERS = Pattern.compile("(?m)^herald_log_subscribers\\s+([0-9.]+)");
    private final Path dir;

    private LogDir(Path dir) {
        this.dir = dir;
    }

    /** A new, empty temporary directory. */
    public static LogDir create() {
        try {
            return new LogDir(Files.createTempDirectory("herald-logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Appends {@code text} as is (no newline added) to {@code name}, creating it when absent. */
    public void append(String name, String text) {
        append(name, text.getBytes(StandardCharsets.UTF_8));
    }

    public void append(String name, byte[] bytes) {
        try {
            Files.write(dir.resolve(name), bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A text line in the seed's format, with the webhook prefix:
     * {@code 2025-01-30T10:30:00.123000 GithubWebhook LEVEL {repo} [{event}][{hook}][{user}][PR {n}]: message}.
     */
    public static String textLine(String level, String repo, String eventType, String hookId, String user,
                                  Integer pr, String message) {
        return "2025-01-30T10:30:00.123000 GithubWebhook " + level + " " + repo + " [" + eventType + "][" + hookId + "]["
                + user + "]" + (pr == null ? "" : "[PR " + pr + "]") + ": " + message + "\n";
    }

    /** A JSON-lines record of {@code fields} (in order), with its newline. */
    public static String jsonLine(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Json.write(m) + "\n";
    }

    /** Waits until the server has at least {@code n} live log subscriptions (the connections are attached). */
    public static void awaitSubscribers(TestServer server, int n) {
        Eventually.until(n + " /logs/ws subscriptions", () -> subscribers(server) >= n);
    }

    public static int subscribers(TestServer server) {
        String metrics;
        try {
            metrics = server.api(null).get("/metrics").body();
        } catch (IllegalStateException e) {
            return -1; // no answer this time: the caller polls again
        }
        Matcher m = SUBSCRIBERS.matcher(metrics);
        return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
    }
}
