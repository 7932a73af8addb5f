package dev.herald.store.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded database file {@code herald.db} under the data directory: WAL mode, full fsync at commit,
 * schema created on first open. Several processes may open it (the server and {@code herald keys create}).
 *
 * <p>Writers of one process take {@link #writeLock()} around each write transaction: SQLite lets one writer in at a
 * time anyway, and its busy handler waits for the file lock by sleeping (1, 2, 5, 10… ms), so the event writer and
 * the webhook dispatcher, meeting at the file lock, each lost milliseconds per transaction. A fair Java lock hands
 * the turn over as soon as the holder commits. Other processes still meet at the file lock (busy_timeout).
 */
public final class SqliteDatabase {
    private final String url;
    private final java.util.concurrent.locks.ReentrantLock writeLock = new java.util.concurrent.locks.ReentrantLock(true);
    /** Whether a {@link WalCheckpointer} copies the log back, so that connections opened from now on do not. */
    private volatile boolean backgroundCheckpoints;

    public SqliteDatabase(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        this.url = "jdbc:sqlite:" + dataDir.resolve("herald.db").toAbsolutePath();
        try (Connection c = open(); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            for (String ddl : SCHEMA) {
                st.execute(ddl);
            }
            st.execute(SqliteEventPruner.DDL);
            WebhookSchema.create(st);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + url + ": " + e.getMessage(), e);
        }
    }

    private static final String[] SCHEMA = {
            """
            CREATE TABLE IF NOT EXISTS events (
              tenant TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL,
              user_id TEXT, resource_type TEXT, resource_id TEXT, ts_ms INTEGER NOT NULL,
              data TEXT NOT NULL, accepted_ms INTEGER NOT NULL,
              PRIMARY KEY (tenant, seq)) WITHOUT ROWID""",
            "CREATE UNIQUE INDEX IF NOT EXISTS events_by_id ON events (tenant, id)",
            "CREATE INDEX IF NOT EXISTS events_by_accepted ON events (accepted_ms)",
            """
            CREATE TABLE IF NOT EXISTS api_keys (
              id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, scopes TEXT NOT NULL,
              created_ms INTEGER NOT NULL, revoked_ms INTEGER)""",
    };

    /** Held by this process's writers for each write transaction, from its {@code BEGIN} to its commit (fair). */
    public java.util.concurrent.locks.ReentrantLock writeLock() {
        return writeLock;
    }

    /**
     * Starts copying the write-ahead log back into the database file on a thread of its own ({@link WalCheckpointer}):
     * connections opened after this leave it to that thread instead of doing it inside one of their commits. For the
     * server, before its stores open their connections; close what this returns when it stops. Short-lived tools
     * (the CLI) keep SQLite's automatic checkpoints.
     */
    public WalCheckpointer checkpointInBackground() {
        backgroundCheckpoints = true;
        return new WalCheckpointer(this);
    }

    /** A new connection with Herald's settings; the caller owns and closes it. */
    public Connection open() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        // Herald reads no generated keys; with this on, the driver asks SQLite for last_insert_rowid after every
        // insert (a fifth of the event writer's Java time in a JFR profile of bench/run.sh publish, issue #15).
        props.setProperty("jdbc.get_generated_keys", "false");
        Connection c = DriverManager.getConnection(url, props);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=10000");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA foreign_keys=ON");
            if (backgroundCheckpoints) {
                st.execute("PRAGMA wal_autocheckpoint=0");
            }
        }
        return c;
    }
}
