package dev.herald.core.logs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;

/**
 * How far one followed file has been read. The file stays open while followed: after a rotation by rename
 * or a deletion its remaining lines are still read through the open channel, and its inode cannot be reused
 * by a re-created file meanwhile. Not thread-safe: owned by the tailer thread.
 */
final class FileCursor {
    private static final Logger log = LoggerFactory.getLogger(FileCursor.class);

    private LogFiles.Found found;
    private final Object key;
    private final LogFormat format;
    private final LineAssembler lines;
    private FileChannel channel;
    /** Next offset to read; -1 until opened when the file existed before the tailer started. */
    private long position;
    private boolean warned;

    /**
     * @param fromStart true for a file created while tailing (read from its first line); false for one found
     *                  at start, whose existing lines are history, not live (read from after its last newline)
     */
    FileCursor(LogFiles.Found found, boolean fromStart, int maxLineBytes) {
        this.found = found;
        this.key = found.key();
        this.format = found.format();
        this.lines = new LineAssembler(maxLineBytes);
        this.position = fromStart ? 0 : -1;
    }

    Object key() {
        return key;
    }

    LogFormat format() {
        return format;
    }

    String fileName() {
        return found.path().getFileName().toString();
    }

    /** The file was renamed to another followed name; same file, same position. */
    void renamedTo(LogFiles.Found f) {
        found = f;
    }

    /** Opens the file if needed; false when it cannot be read (a warning is logged once per file). */
    boolean open(int maxLineBytes) {
        if (channel != null) {
            return true;
        }
        try {
            channel = LogFiles.open(found);
            if (position < 0) {
                position = new BackwardLineReader(channel, channel.size(), maxLineBytes).completeEnd();
            }
            return true;
        } catch (IOException e) {
            closeQuietly();
            if (!warned) {
                warned = true;
                String why = e instanceof AccessDeniedException ? "permission denied" : e.toString();
                log.warn("Cannot read log file {} ({}); other files keep streaming", found.path(), why);
            }
            return false;
        }
    }

    boolean isOpen() {
        return channel != null;
    }

    /** Reads what the file holds now and emits its complete lines, in file order; true when it had grown. */
    boolean readAvailable(ByteBuffer scratch, LineAssembler.Sink sink) throws IOException {
        long start = position;
        long size = channel.size();
        if (size < position) {
            log.info("Log file {} was truncated; reading it again from its start", found.path());
            position = 0;
            lines.clear();
        }
        while (position < size) {
            scratch.clear();
            int n = channel.read(scratch, position);
            if (n <= 0) {
                break;
            }
            scratch.flip();
            lines.feed(scratch, position, sink);
            position += n;
        }
        return position != start;
    }

    /**
     * The file left the followed names (rotated or deleted): reads it to its end through the open channel,
     * emits an unfinished last line too (nothing will complete it here), and closes it.
     */
    void finish(ByteBuffer scratch, LineAssembler.Sink sink) throws IOException {
        try {
            if (channel != null) {
                readAvailable(scratch, sink);
                if (lines.hasPartial()) {
                    sink.line(lines.takePartial(), position);
                }
            }
        } finally {
            closeQuietly();
        }
    }

    void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing a read-only channel loses nothing.
            }
            channel = null;
        }
    }
}
