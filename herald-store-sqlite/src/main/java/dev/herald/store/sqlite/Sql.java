package dev.herald.store.sqlite;

import java.sql.SQLException;

/** Runs JDBC work, turning a checked {@link SQLException} into an unchecked failure that says what failed. */
final class Sql {
    interface Work<T> {
        T get() throws SQLException;
    }

    private Sql() {
    }

    static <T> T run(String what, Work<T> work) {
        try {
            return work.get();
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }
}
