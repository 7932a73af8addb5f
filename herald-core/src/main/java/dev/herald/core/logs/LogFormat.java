package dev.herald.core.logs;

import java.util.Locale;

/** How the lines of a log file are written, decided by the file's name. */
public enum LogFormat {
    /** {@code *.json}, {@code *.jsonl}: one JSON object per line. */
    JSON_LINES,
    /** {@code *.log}: Python logging text, {@code asctime name levelname message}. */
    TEXT;

    /**
     * The format of a file named {@code fileName}, or null when the file is not followed: rotated names
     * ({@code app.log.1}, {@code x.json.2}, {@code *.gz}) and hidden files (editors' and writers' temporaries,
     * e.g. {@code .webhooks.json_x.tmp}) are never read.
     */
    public static LogFormat ofFileName(String fileName) {
        if (fileName.isEmpty() || fileName.charAt(0) == '.') {
            return null;
        }
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".json") || n.endsWith(".jsonl")) {
            return JSON_LINES;
        }
        if (n.endsWith(".log")) {
            return TEXT;
        }
        return null;
    }
}
