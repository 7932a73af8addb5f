package dev.herald.core.logs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Follows a log directory and hands each new line, parsed and redacted, to one {@link LogListener}. One
 * tailer serves every subscriber.
 *
 * <p><b>What is followed.</b> Files named {@code *.json}, {@code *.jsonl}, {@code *.log} ({@link LogFormat});
 * rotated names are never read. Lines already in a file when {@link #start()} runs are history, not live:
 * they are served by {@link #tail}. A file that appears later is read from its first line. Appends are
 * followed; a rotation by rename finishes the old file (read to its end, an unfinished last line included)
 * before the new file's lines; a truncated file is read again from its start; a deleted file is finished and
 * a re-created one read from its start. Files are told apart by identity (inode), not name. A partially
 * written last line waits for its newline. A line longer than {@code maxLineBytes} is cut and marked, in
 * bounded memory. A file that cannot be read is skipped with one warning while the others keep streaming.
 *
 * <p><b>Guarantees.</b> Entries of one file reach the listener in file order, each once, on the tailer's one
 * daemon thread. A JDK {@link java.nio.file.WatchService} gives prompt notice (an appended line reaches the
 * listener within milliseconds where the file system reports changes); the directory is also checked every
 * {@code pollInterval} in case a notification is lost or unsupported. A missing directory is reported by
 * {@link #isDirectoryPresent()} and waited for; once it appears, its files are read from their first line.
 */
public final class LogTailer {
    private static final Logger log = LoggerFactory.getLogger(LogTailer.class);
    /** The most entries {@link #tail} returns (the {@code ?tail=N} limit). */
    public static final int MAX_TAIL = 10_000;

    private final LogTailerOptions options;
    private final Path dir;
    private final LogListener listener;
    /** {@code logs.redact}: switched by {@link #redact(boolean)} (a reload), read once per line or backlog. */
    private volatile Redactor redactor;
    private final LongAdder linesRead = new LongAdder();
    /** Tailer thread only (and {@link #start()} before the thread exists). */
    private final Map<Object, FileCursor> cursors = new HashMap<>();
    /** Files that left the followed names, still read until quiet; at most one per rotation, each closed when quiet. */
    private final Map<Object, Leaving> leaving = new HashMap<>();
    /** {@code leaving.size()} as other threads may read it. */
    private volatile int rotatedOpen;
    private final ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
    private DirectoryWatch watch;
    private boolean dirWasPresent;
    private volatile boolean running;
    private Thread thread;

    /** Turns redaction on or off for every entry read from now on (any thread; a configuration reload). */
    public void redact(boolean on) {
        redactor = Redactor.of(on);
    }

    /** Rotated-away files still being read until quiet (any thread). */
    public int rotatedFilesOpen() {
        return rotatedOpen;
    }

    public LogTailer(LogTailerOptions options, LogListener listener) {
        this.options = options;
        this.dir = options.dir();
        this.listener = listener;
        this.redactor = Redactor.of(options.redact());
    }

    /**
     * Notes where every existing file ends (so only lines written from now on are live) and starts the
     * tailer thread. Lines appended after this returns are delivered.
     *
     * @throws IllegalStateException when started twice
     */
    public synchronized void start() {
        if (running || thread != null) {
            throw new IllegalStateException("log tailer already started");
        }
        if (dir == null) {
            log.warn("logs.dir is not set: /logs/ws answers \"Log directory not found\"");
            return;
        }
        watch = new DirectoryWatch(dir, options.pollInterval());
        running = true;
        dirWasPresent = LogFiles.isDirectory(dir);
        if (!dirWasPresent) {
            log.warn("Log directory {} not found; waiting for it", dir);
        }
        scan(true);
        thread = new Thread(this::run, "herald-log-tailer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the thread and closes every file. Idempotent; entries may still arrive until it returns. */
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            if (watch != null) {
                watch.close();
            }
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether {@code logs.dir} is set and is a directory now. */
    public boolean isDirectoryPresent() {
        return LogFiles.isDirectory(dir);
    }

    /** Lines read by the live stream since start, blank and unparsable ones included (for metrics). */
    public long linesRead() {
        return linesRead.sum();
    }

    /**
     * The last {@code n} entries on disk that match {@code filter} (at most {@link #MAX_TAIL}), oldest first,
     * files in modification order; redacted like live entries. Blocks on file reads: call it off the event
     * loop. Empty when the directory is missing.
     */
    public List<LogEntry> tail(int n, LogFilter filter) {
        return backlog(n, filter).entries();
    }

    TailReader.Backlog backlog(int n, LogFilter filter) {
        int count = Math.max(0, Math.min(n, MAX_TAIL));
        return TailReader.read(dir, count, filter, redactor, options.maxLineBytes());
    }

    private void run() {
        try {
            while (running && watch.await()) {
                if (running) {
                    scan(false);
                }
            }
        } finally {
            for (FileCursor c : cursors.values()) {
                c.closeQuietly();
            }
            cursors.clear();
            leaving.values().forEach(l -> l.cursor.closeQuietly());
            leaving.clear();
        }
    }

    /**
     * Compares the directory with the followed files and reads what is new. Files that left are finished
     * first, so a rotated file's last lines come before its successor's first ones.
     */
    private void scan(boolean initial) {
        boolean present = LogFiles.isDirectory(dir);
        if (present != dirWasPresent) {
            dirWasPresent = present;
            if (present) {
                log.info("Log directory {} appeared; streaming it", dir);
            } else {
                log.warn("Log directory {} disappeared; waiting for it", dir);
            }
        }
        List<LogFiles.Found> found;
        try {
            found = present ? LogFiles.list(dir) : List.of();
        } catch (IOException e) {
            log.debug("Cannot list {}: {}", dir, e.toString());
            return;
        }
        Map<Object, LogFiles.Found> now = new HashMap<>();
        for (LogFiles.Found f : found) {
            now.put(f.key(), f);
        }
        for (Iterator<FileCursor> it = cursors.values().iterator(); it.hasNext(); ) {
            FileCursor c = it.next();
            if (!now.containsKey(c.key())) {
                it.remove();
                leaving.put(c.key(), new Leaving(c, System.nanoTime()));
            }
        }
        readLeaving(now);
        List<FileCursor> order = new ArrayList<>(found.size());
        for (LogFiles.Found f : found) {
            FileCursor c = cursors.get(f.key());
            if (c == null && leaving.containsKey(f.key())) {
                c = leaving.remove(f.key()).cursor; // renamed back to a followed name
                rotatedOpen = leaving.size();
                cursors.put(f.key(), c);
            }
            if (c == null) {
                c = new FileCursor(f, !initial, options.maxLineBytes());
                cursors.put(f.key(), c);
            } else {
                c.renamedTo(f);
            }
            order.add(c);
        }
        for (FileCursor c : order) {
            if (!running || !c.open(options.maxLineBytes())) {
                continue;
            }
            try {
                c.readAvailable(scratch, (text, end) -> deliver(c, text, end));
            } catch (IOException e) {
                log.debug("Read of {} failed: {}; retrying on the next pass", c.fileName(), e.toString());
                c.closeQuietly();
            }
        }
    }

    /** A file that left the followed names, and when it last grew. */
    private static final class Leaving {
        final FileCursor cursor;
        long grewAt;

        Leaving(FileCursor cursor, long grewAt) {
            this.cursor = cursor;
            this.grewAt = grewAt;
        }
    }

    /**
     * Reads the files that left the followed names before anything else, so a rotated file's last lines come before
     * its successor's first ones. A writer may keep appending to a renamed file until it reopens its log (logrotate
     * {@code create} with a late HUP), so each is read until it has been quiet for {@code options.rotatedQuiet()},
     * then finished and closed.
     */
    private void readLeaving(Map<Object, LogFiles.Found> now) {
        long t = System.nanoTime();
        long quiet = options.rotatedQuiet().toNanos();
        for (Iterator<Leaving> it = leaving.values().iterator(); it.hasNext(); ) {
            Leaving l = it.next();
            FileCursor c = l.cursor;
            if (now.containsKey(c.key())) {
                continue; // back under a followed name: the main pass takes it over
            }
            try {
                if (c.isOpen() && c.readAvailable(scratch, (text, end) -> deliver(c, text, end))) {
                    l.grewAt = t;
                } else if (!c.isOpen() || t - l.grewAt >= quiet) {
                    it.remove();
                    c.finish(scratch, (text, end) -> deliver(c, text, end));
                }
            } catch (IOException e) {
                it.remove();
                c.closeQuietly();
                log.debug("Could not finish {}: {}", c.fileName(), e.toString());
            }
        }
        rotatedOpen = leaving.size();
    }

    private void deliver(FileCursor c, String text, long end) {
        linesRead.increment();
        LogEntry e = LogLineParser.parse(text, c.format());
        if (e == null) {
            return;
        }
        e = redactor.redact(e.withPosition(new LogPosition(c.fileName(), c.key(), end)));
        try {
            listener.onEntry(e);
        } catch (RuntimeException ex) {
            log.warn("Log listener failed on an entry; continuing", ex);
        }
    }
}
