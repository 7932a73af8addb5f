package dev.herald.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Write transactions that take SQLite's write lock before their first read. */
final class SqliteTx {
    private SqliteTx() {
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in {@code BEGIN IMMEDIATE} on an auto-commit connection. Taking the lock first matters in
     * WAL mode: a transaction that reads and then writes fails at once with {@code SQLITE_BUSY_SNAPSHOT} when
     * another connection committed in between, whereas waiting for the lock up front is covered by busy_timeout.
     * {@code writers} ({@link SqliteDatabase#writeLock()}) is held throughout, so this process's writers queue in Java.
     */
    static <T> T immediate(java.util.concurrent.locks.Lock writers, Connection c, Work<T> work) throws SQLException {
        writers.lock();
        try {
            return immediate(c, work);
        } finally {
            writers.unlock();
        }
    }

    private static <T> T immediate(Connection c, Work<T> work) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
        }
        try {
            T result = work.run(c);
            try (Statement st = c.createStatement()) {
                st.execute("COMMIT");
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            try (Statement st = c.createStatement()) {
                st.execute("ROLLBACK");
            } catch (SQLException ignored) {
                // the transaction is already gone
            }
            throw e;
        }
    }

    /** Inside a transaction that has not written yet: takes the write lock now (waiting up to busy_timeout). */
    static void takeWriteLock(Connection c, String anyTable) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM " + anyTable + " WHERE 0");
        }
    }
}
