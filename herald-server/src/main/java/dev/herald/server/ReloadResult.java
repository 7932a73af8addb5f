package dev.herald.server;

import java.util.List;

/**
 * What a configuration reload did ({@link Herald#reload}).
 *
 * @param applied         config keys whose new values are in force now (announced in {@code system_status})
 * @param requireRestart  changed keys that were ignored: they take effect at the next start
 * @param problems        why the new configuration was rejected (path-qualified), empty unless {@code REJECTED}
 */
public record ReloadResult(Outcome outcome, List<String> applied, List<String> requireRestart, List<String> problems) {
    public enum Outcome {
        /** At least one reloadable key changed and is in force. */
        APPLIED,
        /** Valid, but nothing that can change without a restart changed. */
        UNCHANGED,
        /** Invalid: nothing changed; the node runs on the previous configuration. */
        REJECTED
    }

    public ReloadResult {
        applied = List.copyOf(applied);
        requireRestart = List.copyOf(requireRestart);
        problems = List.copyOf(problems);
    }
}
