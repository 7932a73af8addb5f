package dev.herald.store.postgres;

import dev.herald.core.store.StoreUnavailableException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Runs JDBC work and sorts its failures: the database unreachable or too slow, or anything else. */
final class Pg {
    interface Work<T> {
        T get() throws SQLException;
    }

    private Pg() {
    }

    static <T> T run(PostgresDatabase db, String what, Work<T> work) {
        try {
            return work.get();
        } catch (SQLException e) {
            throw translate(db, what, e);
        }
    }

    static RuntimeException translate(PostgresDatabase db, String what, SQLException e) {
        if (unavailable(e)) {
            if (connectionLost(e)) {
                db.markDown();
            }
            return new StoreUnavailableException(what + ": PostgreSQL unavailable: " + e.getMessage(), e);
        }
        // Not a state we know: if the database does not answer a fresh connection either, it is an outage
        // (e.g. a pooled connection the server dropped reports "Connection is closed" with no SQL state).
        if (!db.probeNow()) {
            db.markDown();
            return new StoreUnavailableException(what + ": PostgreSQL unavailable: " + e.getMessage(), e);
        }
        return new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }

    /** The database did not answer within {@code store.timeout}, or the connection to it failed. */
    static boolean unavailable(Throwable e) {
        return connectionLost(e) || (e instanceof SQLException s && "57014".equals(s.getSQLState()));
    }

    /** No connection (pool timed out, refused, reset, admin shutdown): worth a health probe, not a retry. */
    static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof java.io.IOException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() == null && s.getMessage() != null
                    && s.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connection")
                    && s.getMessage().toLowerCase(java.util.Locale.ROOT).contains("closed")) {
                return true; // the pool's or driver's own "Connection is closed"
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Two transactions waited on each other, or a serialization conflict: the whole transaction may be retried. */
    static boolean retryable(Throwable e) {
        return e instanceof SQLException s && ("40P01".equals(s.getSQLState()) || "40001".equals(s.getSQLState()));
    }
}
