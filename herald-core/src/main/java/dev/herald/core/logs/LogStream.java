package dev.herald.core.logs;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;

import java.util.List;

/**
 * The live log stream behind {@code /logs/ws}: one {@link LogTailer} on {@code logs.dir}, fanned out to any
 * number of filtered subscribers. Thread-safe.
 *
 * <p>Typical use by the endpoint: at connection, {@link LogFilter#fromQuery} (1008 on a bad
 * {@code pr_number}), {@link #isDirectoryPresent()} (1011 when missing), then {@link #subscribe} off the
 * event loop; on close, {@link LogSubscription#cancel()}.
 */
public final class LogStream implements AutoCloseable {
    /** Live entries one subscriber may pile up while its backlog is read before it counts as overflowed. */
    public static final int MAX_PENDING = 10_000;

    private final LogTailer tailer;
    private final LogFanout fanout;

    public LogStream(LogTailerOptions options) {
        this.fanout = new LogFanout(this::backlog, MAX_PENDING);
        this.tailer = new LogTailer(options, fanout);
    }

    /** The tailer reads backlogs; it is built after the fan-out it delivers to, hence this indirection. */
    private TailReader.Backlog backlog(int n, LogFilter filter) {
        return tailer.backlog(n, filter);
    }

    /** Starts following the directory; see {@link LogTailer#start()}. */
    public void start() {
        tailer.start();
    }

    /** Stops the tailer; subscribers get nothing more (the endpoint closes them 1001). */
    public void stop() {
        tailer.stop();
    }

    @Override
    public void close() {
        stop();
    }

    /** Redaction on or off for every entry read from now on; see {@link LogTailer#redact(boolean)}. */
    public void redact(boolean on) {
        tailer.redact(on);
    }

    public boolean isDirectoryPresent() {
        return tailer.isDirectoryPresent();
    }

    /**
     * Subscribes {@code sink} to entries matching {@code filter}: first the last {@code tail} matching
     * entries on disk (at most {@link LogTailer#MAX_TAIL}, oldest first), then every live one, with no gap
     * or repeat between them. With {@code tail > 0} this blocks while the backlog is read and delivered:
     * call it off the event loop. The sink's contract is in {@link LogSink}.
     */
    public LogSubscription subscribe(LogFilter filter, int tail, LogSink sink) {
        return fanout.subscribe(filter, tail, sink);
    }

    /** The last {@code n} matching entries on disk; see {@link LogTailer#tail}. */
    public List<LogEntry> tail(int n, LogFilter filter) {
        return tailer.tail(n, filter);
    }

    /** Lines read from the directory since start (the {@code log lines read} metric). */
    public long linesRead() {
        return tailer.linesRead();
    }

    public int subscriberCount() {
        return fanout.subscriberCount();
    }

    /**
     * The {@code ?tail=N} parameter: 0 when absent or empty, capped at {@link LogTailer#MAX_TAIL}.
     *
     * @throws HeraldException {@link ErrorCode#INVALID_REQUEST} ({@code "invalid tail"}, field {@code tail})
     *                         when it is not a non-negative integer
     */
    public static int parseTail(String raw) {
        if (raw == null || raw.isEmpty()) {
            return 0;
        }
        boolean digits = raw.length() <= 12 && raw.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits) {
            throw new HeraldException(ErrorCode.INVALID_REQUEST, "invalid tail", "tail");
        }
        return (int) Math.min(Long.parseLong(raw), LogTailer.MAX_TAIL);
    }
}
