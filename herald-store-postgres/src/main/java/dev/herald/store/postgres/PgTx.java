package dev.herald.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/** One transaction on a pooled connection, retried (a few times) when PostgreSQL aborts it for a deadlock. */
final class PgTx {
    private static final int RETRIES = 3;

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private PgTx() {
    }

    static <T> T run(PostgresDatabase db, String what, Work<T> work) {
        return Pg.run(db, what, () -> {
            for (int attempt = 0; ; attempt++) {
                try (Connection c = db.connection()) {
                    c.setAutoCommit(false);
                    try {
                        T result = work.run(c);
                        c.commit();
                        return result;
                    } catch (SQLException | RuntimeException e) {
                        try {
                            c.rollback();
                        } catch (SQLException ignored) {
                            // the connection is gone; the server rolls the transaction back
                        }
                        if (!Pg.retryable(e) || attempt >= RETRIES) {
                            throw e;
                        }
                    } finally {
                        c.setAutoCommit(true);
                    }
                }
            }
        });
    }
}
