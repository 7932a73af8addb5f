package dev.herald.core.logs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes the tailer when its directory changes, or after one poll interval at the latest. Notifications come
 * from the JDK {@link WatchService}; they only say "look again", so a lost or coalesced one costs at most a
 * poll interval. The directory may be missing, appear later, or be replaced: it is (re-)registered whenever
 * its identity changes. {@link #await()} is called by one thread; {@link #close()} from any.
 */
final class DirectoryWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DirectoryWatch.class);

    private final Path dir;
    private final long pollNanos;
    private final WatchService watcher;
    private volatile Thread waiter;
    private volatile boolean closed;
    private WatchKey key;
    private Object watchedDirKey;

    DirectoryWatch(Path dir, Duration pollInterval) {
        this.dir = dir;
        this.pollNanos = pollInterval.toNanos();
        WatchService w = null;
        try {
            w = dir.getFileSystem().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("No file-system notifications for {} ({}); polling every {} ms", dir, e,
                    pollInterval.toMillis());
        }
        this.watcher = w;
    }

    /** Returns after a change in the directory, one poll interval, or {@link #close()}; false once closed. */
    boolean await() {
        if (closed) {
            return false;
        }
        waiter = Thread.currentThread();
        if (watcher == null || !register()) {
            LockSupport.parkNanos(pollNanos);
            return !closed;
        }
        try {
            WatchKey k = watcher.poll(pollNanos, TimeUnit.NANOSECONDS);
            while (k != null) {
                k.pollEvents();
                k.reset();
                k = watcher.poll();
            }
        } catch (ClosedWatchServiceException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException ignored) {
                // Closing only wakes the waiter; the parkNanos fallback below does the same.
            }
        }
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Registers the directory when it is new or was replaced; false when it cannot be watched now. */
    private boolean register() {
        Object dk = LogFiles.dirKey(dir);
        if (dk == null) {
            cancel();
            return false;
        }
        if (key != null && key.isValid() && dk.equals(watchedDirKey)) {
            return true;
        }
        cancel();
        try {
            key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
            watchedDirKey = dk;
            return true;
        } catch (IOException | ClosedWatchServiceException e) {
            log.debug("Cannot watch {}: {}; polling", dir, e.toString());
            return false;
        }
    }

    private void cancel() {
        if (key != null) {
            key.cancel();
            key = null;
            watchedDirKey = null;
        }
    }
}
