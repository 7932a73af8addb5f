package dev.herald.server.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Holds the write lock of a node's {@code herald.db} from another connection, so the store's writer waits (up to
 * its busy timeout, 10 s) with whatever appends it has: a store that is slow to commit, on demand. Hold it briefly.
 */
public final class SqliteWriteLock implements AutoCloseable {
    private final Connection connection;

    private SqliteWriteLock(Connection connection) {
        this.connection = connection;
    }

    public static SqliteWriteLock hold(Path dataDir) {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("herald.db").toAbsolutePath());
            try (Statement st = c.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
            }
            return new SqliteWriteLock(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try (connection; Statement st = connection.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
