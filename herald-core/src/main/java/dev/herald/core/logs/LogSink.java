package dev.herald.core.logs;

import java.util.function.Consumer;

/**
 * Where one subscriber's entries go (a {@code /logs/ws} connection).
 *
 * <p>Calls are never concurrent and come in stream order: first the backlog ({@code ?tail=N}) on the thread
 * that subscribed, then live entries on the tailer thread. No entry is given twice and none is skipped
 * between backlog and live. Neither method may block: a sink that cannot keep up drops its own connection
 * (slow consumer) rather than slow the tailer. Entries may still arrive shortly after cancelling.
 */
public interface LogSink {
    /** Takes one entry; {@link LogEntry#json()} is its wire text, encoded once for all recipients. */
    void deliver(LogEntry entry);

    /**
     * Live entries piled up past {@link LogStream#MAX_PENDING} while the backlog was being read; the
     * subscription is cancelled and nothing more is delivered. Close the connection as a slow consumer.
     */
    void overflowed();

    /** A sink from two callbacks. */
    static LogSink of(Consumer<LogEntry> deliver, Runnable overflowed) {
        return new LogSink() {
            @Override
            public void deliver(LogEntry entry) {
                deliver.accept(entry);
            }

            @Override
            public void overflowed() {
                overflowed.run();
            }
        };
    }
}
