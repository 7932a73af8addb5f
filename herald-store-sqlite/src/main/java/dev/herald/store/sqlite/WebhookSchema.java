package dev.herald.store.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Tables of the webhook outbox: endpoints (secrets sealed), deliveries (written in the event's transaction,
 * claimed with leases) and one row per attempt. {@link #create} is idempotent and brings a file made by an
 * earlier version up to date (columns added since are added with their defaults).
 */
final class WebhookSchema {
    private WebhookSchema() {
    }

    private static final String[] DDL = {
            """
            CREATE TABLE IF NOT EXISTS webhook_endpoints (
              id TEXT PRIMARY KEY, tenant TEXT NOT NULL, url TEXT NOT NULL, event_types TEXT NOT NULL,
              description TEXT, notify_email TEXT, secret TEXT NOT NULL, previous_secret TEXT,
              overlap_until_ms INTEGER, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL,
              failure_streak INTEGER NOT NULL DEFAULT 0, streak_notified INTEGER NOT NULL DEFAULT 0)""",
            "CREATE INDEX IF NOT EXISTS webhook_endpoints_by_tenant ON webhook_endpoints (tenant, id)",
            """
            CREATE TABLE IF NOT EXISTS webhook_deliveries (
              id TEXT PRIMARY KEY, tenant TEXT NOT NULL, endpoint_id TEXT NOT NULL, event_id TEXT NOT NULL,
              event_type TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL,
              attempt_count INTEGER NOT NULL DEFAULT 0, next_attempt_ms INTEGER, manual INTEGER NOT NULL DEFAULT 0,
              lease_until_ms INTEGER, lease_owner TEXT, created_ms INTEGER NOT NULL)""",
            // Due deliveries in claim order (next_attempt_ms, id), so a claim reads only the rows it takes; the first
            // index, on next_attempt_ms alone, made every claim read and sort all due rows (issue #15).
            "DROP INDEX IF EXISTS webhook_deliveries_due",
            "CREATE INDEX IF NOT EXISTS webhook_deliveries_due_in_order ON webhook_deliveries (next_attempt_ms, id)"
                    + " WHERE next_attempt_ms IS NOT NULL",
            "CREATE INDEX IF NOT EXISTS webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id)",
            "CREATE INDEX IF NOT EXISTS webhook_deliveries_by_event ON webhook_deliveries (event_id)",
            "CREATE INDEX IF NOT EXISTS webhook_deliveries_by_created ON webhook_deliveries (created_ms)",
            """
            CREATE TABLE IF NOT EXISTS webhook_attempts (
              delivery_id TEXT NOT NULL, n INTEGER NOT NULL, at_ms INTEGER NOT NULL, status_code INTEGER,
              duration_ms INTEGER NOT NULL, excerpt TEXT, error TEXT,
              PRIMARY KEY (delivery_id, n)) WITHOUT ROWID""",
    };

    /** Columns added after the first release: {table, column, definition}. */
    private static final String[][] ADDED_COLUMNS = {
            // Endpoint lifecycle (#14): disabled by hand or for failing; when the current failure streak began.
            {"webhook_endpoints", "disabled_ms", "INTEGER"},
            {"webhook_endpoints", "disabled_reason", "TEXT"},
            {"webhook_endpoints", "failing_since_ms", "INTEGER"},
    };

    static void create(Statement st) throws SQLException {
        for (String ddl : DDL) {
            st.execute(ddl);
        }
        for (String[] c : ADDED_COLUMNS) {
            // SQLite has no ADD COLUMN IF NOT EXISTS; two processes opening an old file at once may both try, so
            // a "duplicate column" from the loser is success too.
            if (!columns(st, c[0]).contains(c[1])) {
                try {
                    st.execute("ALTER TABLE " + c[0] + " ADD COLUMN " + c[1] + " " + c[2]);
                } catch (SQLException e) {
                    if (!columns(st, c[0]).contains(c[1])) {
                        throw e;
                    }
                }
            }
        }
    }

    private static Set<String> columns(Statement st, String table) throws SQLException {
        Set<String> out = new HashSet<>();
        try (ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                out.add(rs.getString("name"));
            }
        }
        return out;
    }
}
