package dev.herald.store.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Copies the write-ahead log back into {@code herald.db} on its own thread, so that no commit waits for it.
 *
 * <p>Left to SQLite, the connection whose commit takes the log past 1,000 pages copies them all into the database file
 * and syncs it before its commit returns: with the event writer committing, every publish queued behind that commit
 * waited 30–50 ms about every 2.5 s at 10,000 routed events/s — the route benchmark's longest stalls (issue #15,
 * docs/benchmarks.md round four). Here each connection of the process has its automatic checkpoint off
 * ({@link SqliteDatabase#open()}), and this thread, every {@link #EVERY}, copies what the log holds without blocking
 * anyone (a {@code PASSIVE} checkpoint: writers go on appending meanwhile).
 *
 * <p>The log must also start over now and then, or it grows for as long as writes never pause: it restarts at the
 * first commit after a checkpoint that copied every page, and under steady writes there is always a page appended
 * while the copy ran. So once the log holds {@link #RESTART_PAGES}, the pages appended during the copy are copied a
 * second time under the process's {@linkplain SqliteDatabase#writeLock() write lock}: writers wait for those few pages
 * (about one sync of the database file), not for the whole log, and the next commit starts it over. The log then
 * stays near {@code RESTART_PAGES} plus what is written in one {@code EVERY}.
 */
public final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);
    static final Duration EVERY = Duration.ofMillis(200);
    /** SQLite's own automatic checkpoint threshold (4 MiB of 4 KiB pages). */
    static final int RESTART_PAGES = 1000;

    private final SqliteDatabase db;
    private final Thread thread;
    private volatile boolean running = true;

    WalCheckpointer(SqliteDatabase db) {
        this.db = db;
        this.thread = new Thread(this::run, "herald-store-checkpointer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Connection c = null;
        boolean failing = false;
        while (running) {
            LockSupport.parkNanos(EVERY.toNanos());
            try {
                if (c == null) {
                    c = db.open();
                }
                checkpoint(c);
                if (failing) {
                    log.info("WAL checkpoints work again");
                    failing = false;
                }
            } catch (SQLException | RuntimeException e) {
                if (!failing) {
                    log.warn("WAL checkpoint failed (retried every {} ms): {}", EVERY.toMillis(), e.getMessage());
                    failing = true;
                }
                close(c);
                c = null;
            }
        }
        close(c);
    }

    /** One round: copy what the log holds; finish under the write lock once the log is long enough to restart. */
    void checkpoint(Connection c) throws SQLException {
        // What it reports is the log as it was when the copy began; writers may have appended since.
        if (passive(c) >= RESTART_PAGES) {
            db.writeLock().lock();
            try {
                passive(c);
            } finally {
                db.writeLock().unlock();
            }
        }
    }

    /** Runs a {@code PASSIVE} checkpoint; returns the pages the log held when it began. */
    static int passive(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            return rs.getInt(2);
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a connection that failed
            }
        }
    }

    /** Stops the thread after its current round (which the database's connections do not wait for). */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
