package dev.herald.store.sqlite;

import dev.herald.core.store.OutboxEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Inserts outbox entries as pending deliveries, due at once, inside the caller's open transaction. */
final class SqliteOutboxWriter {
    private SqliteOutboxWriter() {
    }

    static void insert(Connection c, List<OutboxEntry> entries, long nowMs) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO webhook_deliveries (id, tenant, endpoint_id, event_id, event_type, body, status,"
                        + " attempt_count, next_attempt_ms, created_ms) VALUES (?,?,?,?,?,?,'pending',0,?,?)")) {
            for (OutboxEntry e : entries) {
                ps.setString(1, e.deliveryId());
                ps.setString(2, e.tenant());
                ps.setString(3, e.endpointId());
                ps.setString(4, e.eventId());
                ps.setString(5, e.eventType());
                ps.setString(6, e.body());
                ps.setLong(7, nowMs);
                ps.setLong(8, nowMs);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
