package dev.herald.core.logs;

/**
 * Receives the entries of the live log stream from {@link LogTailer}.
 *
 * <p>Called on the tailer's single thread, never concurrently. Entries of one file arrive in file order,
 * each once; an entry is redacted already when redaction is on. Must not block: every subscriber waits
 * behind it. An exception is logged and the stream goes on with the next entry.
 */
@FunctionalInterface
public interface LogListener {
    void onEntry(LogEntry entry);
}
