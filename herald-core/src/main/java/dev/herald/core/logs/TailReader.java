package dev.herald.core.logs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the last matching entries already on disk ({@code ?tail=N}): newest file first, each from its end
 * backwards, stopping at N, then returns them oldest first (files in modification order). Lines that cannot
 * match a filter value are skipped before parsing, so a rare filter over large files stays cheap.
 * Thread-safe (stateless); runs on the caller's thread with its own file handles.
 */
final class TailReader {
    private static final Logger log = LoggerFactory.getLogger(TailReader.class);

    /**
     * @param entries oldest first
     * @param extents for every followed file (by {@link LogPosition#fileKey()}), the offset up to which its
     *                complete lines were considered; a live entry ending at or before it is in this backlog's
     *                range already
     */
    record Backlog(List<LogEntry> entries, Map<Object, Long> extents) {
        static final Backlog EMPTY = new Backlog(List.of(), Map.of());
    }

    private TailReader() {
    }

    static Backlog read(Path dir, int n, LogFilter filter, Redactor redactor, int maxLineBytes) {
        if (n <= 0 || !LogFiles.isDirectory(dir)) {
            return Backlog.EMPTY;
        }
        List<LogFiles.Found> files;
        try {
            files = LogFiles.listByModification(dir);
        } catch (IOException e) {
            log.warn("Cannot list log directory {}: {}", dir, e.toString());
            return Backlog.EMPTY;
        }
        List<String> needles = needles(filter);
        List<LogEntry> newestFirst = new ArrayList<>(Math.min(n, 1024));
        Map<Object, Long> extents = new HashMap<>();
        for (int i = files.size() - 1; i >= 0; i--) {
            LogFiles.Found f = files.get(i);
            try (FileChannel ch = LogFiles.open(f)) {
                BackwardLineReader r = new BackwardLineReader(ch, ch.size(), maxLineBytes);
                extents.put(f.key(), r.completeEnd());
                String name = f.path().getFileName().toString();
                BackwardLineReader.Line line;
                while (newestFirst.size() < n && (line = r.previous()) != null) {
                    if (!mayMatch(line.text(), needles)) {
                        continue;
                    }
                    LogEntry e = LogLineParser.parse(line.text(), f.format());
                    if (e == null) {
                        continue;
                    }
                    e = redactor.redact(e.withPosition(new LogPosition(name, f.key(), line.end())));
                    if (filter.matches(e)) {
                        newestFirst.add(e);
                    }
                }
            } catch (IOException e) {
                log.debug("Skipping log file {} for tail: {}", f.path(), e.toString());
            }
        }
        Collections.reverse(newestFirst);
        return new Backlog(newestFirst, extents);
    }

    /**
     * Filter values every matching line must contain verbatim. Only values that JSON writes unescaped are
     * used, and lines with a backslash (possibly an escape) are never skipped, so no matching line is lost.
     */
    private static List<String> needles(LogFilter filter) {
        List<String> out = new ArrayList<>();
        for (String v : filter.criteria().values()) {
            boolean plain = true;
            for (int i = 0; i < v.length() && plain; i++) {
                char c = v.charAt(i);
                plain = c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
            }
            if (plain) {
                out.add(v);
            }
        }
        return out;
    }

    private static boolean mayMatch(String line, List<String> needles) {
        if (needles.isEmpty() || line.indexOf('\\') >= 0) {
            return true;
        }
        for (String needle : needles) {
            if (!line.contains(needle)) {
                return false;
            }
        }
        return true;
    }
}
