package dev.herald.store.sqlite;

import dev.herald.core.store.OutboxEntry;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Inserts outbox entries as pending deliveries, due at once, inside the caller's open transaction. */
final class SqliteOutboxWriter {
    private SqliteOutboxWriter() {
    }

    static final String INSERT = "INSERT INTO webhook_deliveries (id, tenant, endpoint_id, event_id, event_type, body,"
            + " status, attempt_count, next_attempt_ms, created_ms) VALUES (?,?,?,?,?,?,'pending',0,?,?)";

    /** @param ps {@link #INSERT}, prepared on the transaction's connection (the writer keeps one for all commits) */
    static void insert(PreparedStatement ps, List<OutboxEntry> entries, long nowMs) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        ps.clearBatch(); // nothing left over from a batch that failed in an earlier, rolled-back transaction
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
