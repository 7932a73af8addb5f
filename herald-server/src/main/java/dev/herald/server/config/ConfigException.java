package dev.herald.server.config;

import java.util.List;

/** Configuration that cannot be used; each problem names the key path, e.g. {@code webhooks.retry_schedule[2]}. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
