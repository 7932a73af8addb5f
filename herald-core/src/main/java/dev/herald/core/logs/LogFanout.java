package dev.herald.core.logs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands each live entry to the subscribers whose filter matches it, and joins a subscriber's backlog to its
 * live stream without gap or repeat.
 *
 * <p>The join: the subscriber is registered first, in a pending state where live entries are buffered; then
 * the backlog is read, recording for each file how far it looked ({@link TailReader.Backlog#extents()});
 * the backlog is delivered; then the buffer is drained and the subscriber goes live. Any live entry that ends
 * within a file's recorded extent was in the backlog's range already and is skipped. A file truncated in the
 * instant between the backlog read and the tailer catching up may lose its first lines for that subscriber:
 * their offsets fall inside the old extent.
 */
final class LogFanout implements LogListener {
    private static final Logger log = LoggerFactory.getLogger(LogFanout.class);

    /** Reads the backlog for a new subscriber. */
    interface BacklogSource {
        TailReader.Backlog read(int n, LogFilter filter);
    }

    private final LogFilterIndex<Subscription> index = new LogFilterIndex<>();
    private final BacklogSource backlog;
    private final int maxPending;

    LogFanout(BacklogSource backlog, int maxPending) {
        this.backlog = backlog;
        this.maxPending = maxPending;
    }

    /** See {@link LogStream#subscribe}. */
    LogSubscription subscribe(LogFilter filter, int tail, LogSink sink) {
        Subscription s = new Subscription(sink, tail > 0);
        index.add(s, filter);
        if (tail <= 0) {
            return s;
        }
        TailReader.Backlog b;
        try {
            b = backlog.read(tail, filter);
        } catch (RuntimeException e) {
            s.cancel();
            throw e;
        }
        s.skipUpTo = new HashMap<>(b.extents());
        for (LogEntry e : b.entries()) {
            if (s.cancelled) {
                return s;
            }
            s.safeDeliver(e);
        }
        s.goLive();
        return s;
    }

    @Override
    public void onEntry(LogEntry entry) {
        index.forEachMatch(entry, s -> s.offer(entry));
    }

    int subscriberCount() {
        return index.size();
    }

    private final class Subscription implements LogSubscription {
        private final LogSink sink;
        private volatile boolean pending;
        private volatile boolean cancelled;
        /** Guarded by {@code this} while pending; then the tailer thread's alone. */
        private List<LogEntry> buffer;
        private boolean overflowed;
        /** Per file, the backlog's extent; an entry removes its file once past it. */
        private Map<Object, Long> skipUpTo;

        Subscription(LogSink sink, boolean pending) {
            this.sink = sink;
            this.pending = pending;
            this.buffer = pending ? new ArrayList<>() : null;
        }

        /** Tailer thread. */
        void offer(LogEntry e) {
            if (pending) {
                synchronized (this) {
                    if (pending) {
                        if (buffer.size() < maxPending) {
                            buffer.add(e);
                        } else {
                            overflowed = true;
                        }
                        return;
                    }
                }
            }
            if (!cancelled && !alreadyInBacklog(e)) {
                safeDeliver(e);
            }
        }

        /** Subscribing thread, after the backlog: delivers what piled up, then lets the tailer deliver. */
        synchronized void goLive() {
            if (overflowed) {
                pending = false;
                buffer = null;
                cancel();
                sink.overflowed();
                return;
            }
            for (LogEntry e : buffer) {
                if (cancelled) {
                    break;
                }
                if (!alreadyInBacklog(e)) {
                    safeDeliver(e);
                }
            }
            buffer = null;
            pending = false;
        }

        private boolean alreadyInBacklog(LogEntry e) {
            if (skipUpTo == null || skipUpTo.isEmpty() || e.position() == null) {
                return false;
            }
            Long extent = skipUpTo.get(e.position().fileKey());
            if (extent == null) {
                return false;
            }
            if (e.position().end() <= extent) {
                return true;
            }
            skipUpTo.remove(e.position().fileKey());
            return false;
        }

        void safeDeliver(LogEntry e) {
            try {
                sink.deliver(e);
            } catch (RuntimeException ex) {
                log.warn("Log sink failed; cancelling its subscription", ex);
                cancel();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            index.remove(this);
        }
    }
}
