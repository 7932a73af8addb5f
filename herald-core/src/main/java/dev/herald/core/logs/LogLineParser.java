package dev.herald.core.logs;

/**
 * Turns one line of a log file into an entry. Never throws and never drops content: a line that is not in
 * its file's format (a traceback line, a truncated record, binary garbage) becomes an entry whose message is
 * the raw line and whose other fields are null. Only blank lines, which carry nothing, yield no entry.
 * Thread-safe.
 */
public final class LogLineParser {
    private LogLineParser() {
    }

    /** The entry for {@code line} (without its line terminator), or null when the line is blank. */
    public static LogEntry parse(String line, LogFormat format) {
        if (line.isBlank()) {
            return null;
        }
        try {
            return format == LogFormat.JSON_LINES ? JsonLineParser.parse(line) : TextLineParser.parse(line);
        } catch (RuntimeException e) {
            // Defensive: the parsers are total, but a line must never stop the stream.
            return LogEntry.unparsed(line);
        }
    }
}
