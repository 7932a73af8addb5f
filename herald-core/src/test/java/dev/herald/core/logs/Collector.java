package dev.herald.core.logs;

import java.util.ArrayList;
import java.util.List;

/** A listener and sink that records what it is given, for assertions from the test thread. */
final class Collector implements LogListener, LogSink {
    private final List<LogEntry> entries = new ArrayList<>();
    private volatile Thread lastThread;
    private volatile boolean overflowed;

    @Override
    public synchronized void onEntry(LogEntry entry) {
        lastThread = Thread.currentThread();
        entries.add(entry);
    }

    @Override
    public void deliver(LogEntry entry) {
        onEntry(entry);
    }

    @Override
    public void overflowed() {
        overflowed = true;
    }

    synchronized List<LogEntry> entries() {
        return new ArrayList<>(entries);
    }

    synchronized List<String> messages() {
        return entries.stream().map(LogEntry::message).toList();
    }

    synchronized int size() {
        return entries.size();
    }

    Thread lastThread() {
        return lastThread;
    }

    boolean wasOverflowed() {
        return overflowed;
    }
}
