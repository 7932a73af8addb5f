package dev.herald.core.logs;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the log tailer needs.
 *
 * @param dir          the log directory ({@code logs.dir}); null when unset (the stream then reports the
 *                     directory missing)
 * @param redact       mask secrets before entries leave ({@code logs.redact})
 * @param pollInterval how often the directory is checked even without a file-system notification
 * @param maxLineBytes bytes of one line kept; the rest is cut and marked
 * @param rotatedQuiet how long a rotated-away file must stay unchanged before it is closed (a late HUP comes well
 *                     within the default)
 */
public record LogTailerOptions(Path dir, boolean redact, Duration pollInterval, int maxLineBytes, Duration rotatedQuiet) {
    public static final Duration DEFAULT_POLL = Duration.ofMillis(250);
    public static final Duration DEFAULT_ROTATED_QUIET = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    public LogTailerOptions {
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        if (rotatedQuiet == null || rotatedQuiet.isNegative()) {
            throw new IllegalArgumentException("rotatedQuiet must not be negative");
        }
        if (maxLineBytes < 256) {
            throw new IllegalArgumentException("maxLineBytes must be at least 256");
        }
    }

    /** Defaults: redaction on, a 250 ms poll, 64 KiB lines. */
    public static LogTailerOptions of(Path dir) {
        return new LogTailerOptions(dir, true, DEFAULT_POLL, DEFAULT_MAX_LINE_BYTES, DEFAULT_ROTATED_QUIET);
    }

    public LogTailerOptions withRedact(boolean r) {
        return new LogTailerOptions(dir, r, pollInterval, maxLineBytes, rotatedQuiet);
    }

    public LogTailerOptions withPollInterval(Duration d) {
        return new LogTailerOptions(dir, redact, d, maxLineBytes, rotatedQuiet);
    }

    public LogTailerOptions withRotatedQuiet(Duration d) {
        return new LogTailerOptions(dir, redact, pollInterval, maxLineBytes, d);
    }

    public LogTailerOptions withMaxLineBytes(int n) {
        return new LogTailerOptions(dir, redact, pollInterval, n, rotatedQuiet);
    }
}
