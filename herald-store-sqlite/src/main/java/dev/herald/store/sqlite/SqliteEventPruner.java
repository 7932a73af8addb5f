package dev.herald.store.sqlite;

import dev.herald.core.store.PruneBatch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes old events in small batches on its own connection. Each batch is one {@code BEGIN IMMEDIATE} transaction,
 * so it holds SQLite's write lock (which the event writer waits for) only for the batch, and the caller can let the
 * writer in between batches.
 *
 * <p>A tenant's last seq must survive its events: the event store numbers the next event from the highest seq it
 * finds at start. Each batch therefore records the highest seq it deletes per tenant in
 * {@code tenant_pruned_seqs}, and {@link #LAST_SEQS} reads both tables.
 */
final class SqliteEventPruner {
    /** Each tenant's last seq, whether its newest events are still stored or were pruned. */
    static final String LAST_SEQS = "SELECT tenant, MAX(seq) FROM (SELECT tenant, seq FROM events"
            + " UNION ALL SELECT tenant, last_seq FROM tenant_pruned_seqs) GROUP BY tenant";

    static final String DDL = "CREATE TABLE IF NOT EXISTS tenant_pruned_seqs (tenant TEXT PRIMARY KEY,"
            + " last_seq INTEGER NOT NULL) WITHOUT ROWID";

    private SqliteEventPruner() {
    }

    static PruneBatch pruneBatch(SqliteDatabase db, Instant cutoff, int max) {
        try (Connection c = db.open()) {
            return SqliteTx.immediate(db.writeLock(), c, tx -> {
                long locked = System.nanoTime();
                List<String> tenants = new ArrayList<>();
                List<Long> seqs = new ArrayList<>();
                Map<String, Long> highest = new HashMap<>();
                try (PreparedStatement ps = tx.prepareStatement(
                        "SELECT tenant, seq FROM events WHERE accepted_ms < ? LIMIT ?")) {
                    ps.setLong(1, cutoff.toEpochMilli());
                    ps.setInt(2, max);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            tenants.add(rs.getString(1));
                            seqs.add(rs.getLong(2));
                            highest.merge(rs.getString(1), rs.getLong(2), Math::max);
                        }
                    }
                }
                if (seqs.isEmpty()) {
                    return new PruneBatch(0, Duration.ofNanos(System.nanoTime() - locked));
                }
                try (PreparedStatement ps = tx.prepareStatement("INSERT INTO tenant_pruned_seqs (tenant, last_seq)"
                        + " VALUES (?, ?) ON CONFLICT (tenant) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq)")) {
                    for (Map.Entry<String, Long> e : highest.entrySet()) {
                        ps.setString(1, e.getKey());
                        ps.setLong(2, e.getValue());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = tx.prepareStatement("DELETE FROM events WHERE tenant = ? AND seq = ?")) {
                    for (int i = 0; i < seqs.size(); i++) {
                        ps.setString(1, tenants.get(i));
                        ps.setLong(2, seqs.get(i));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return new PruneBatch(seqs.size(), Duration.ofNanos(System.nanoTime() - locked));
            });
        } catch (SQLException e) {
            throw new IllegalStateException("pruning events failed: " + e.getMessage(), e);
        }
    }
}
