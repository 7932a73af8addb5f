package dev.herald.store.postgres;

import dev.herald.core.webhook.Attempt;
import dev.herald.core.webhook.AttemptError;
import dev.herald.core.webhook.ClaimedDelivery;
import dev.herald.core.webhook.Delivery;
import dev.herald.core.webhook.DeliveryStatus;
import dev.herald.core.webhook.DeliveryStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Webhook deliveries and attempts in PostgreSQL, shared by the dispatchers of every node. A claim locks due rows
 * with {@code FOR UPDATE SKIP LOCKED}, so two nodes claiming at once take disjoint rows without waiting on each
 * other, and marks the chosen ones with a lease and its owner. A result is recorded only under the claim that
 * produced it ({@code lease_owner} and {@code lease_until_ms} unchanged). Thread-safe (each call its own pooled
 * connection); failures to reach the database throw {@link dev.herald.core.store.StoreUnavailableException}.
 */
public final class PostgresDeliveryStore implements DeliveryStore {
    /** Candidates looked at per claim: enough to fill every endpoint's free slots in the common case. */
    private static final int CANDIDATES = 500;
    private static final String DELIVERY_COLUMNS =
            "id, tenant, endpoint_id, event_id, event_type, status, attempt_count, next_attempt_ms, created_ms, body";

    /** Deliveries of a disabled endpoint wait: they are not claimed until it is enabled again. */
    private static final String NOT_DISABLED =
            " AND endpoint_id NOT IN (SELECT id FROM webhook_endpoints WHERE disabled_ms IS NOT NULL)";

    private final PostgresDatabase db;

    public PostgresDeliveryStore(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public List<ClaimedDelivery> claim(Instant now, Duration lease, String owner, int max,
                                       ToIntFunction<String> freeSlots, Set<String> full) {
        long nowMs = now.toEpochMilli();
        long until = nowMs + lease.toMillis();
        return PgTx.run(db, "claiming webhook deliveries", c -> {
            List<String> chosen = new ArrayList<>();
            Map<String, Integer> slots = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, endpoint_id FROM webhook_deliveries"
                    + " WHERE next_attempt_ms <= ? AND (lease_until_ms IS NULL OR lease_until_ms <= ?)" + NOT_DISABLED
                    + " AND NOT (endpoint_id = ANY(?)) ORDER BY next_attempt_ms, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                ps.setLong(1, nowMs);
                ps.setLong(2, nowMs);
                ps.setArray(3, c.createArrayOf("text", full.toArray()));
                ps.setInt(4, Math.min(CANDIDATES, Math.max(max, 1) * 4));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && chosen.size() < max) {
                        String endpoint = rs.getString(2);
                        int free = slots.computeIfAbsent(endpoint, freeSlots::applyAsInt);
                        if (free > 0) {
                            slots.put(endpoint, free - 1);
                            chosen.add(rs.getString(1));
                        }
                    }
                }
            }
            if (chosen.isEmpty()) {
                return List.of();
            }
            Map<String, ClaimedDelivery> byId = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_deliveries SET lease_until_ms = ?,"
                    + " lease_owner = ? WHERE id = ANY(?) RETURNING id, tenant, endpoint_id, event_id, body,"
                    + " attempt_count, status, manual")) {
                ps.setLong(1, until);
                ps.setString(2, owner);
                ps.setArray(3, c.createArrayOf("text", chosen.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byId.put(rs.getString(1), new ClaimedDelivery(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getInt(6), status(rs.getString(7)),
                                rs.getBoolean(8), owner, Instant.ofEpochMilli(until)));
                    }
                }
            }
            return chosen.stream().map(byId::get).toList();
        });
    }

    /** Written in endpoint order (the order in which endpoint rows are locked), answered in the caller's order. */
    @Override
    public List<Outcome> recordAll(List<Recorded> attempts, FailurePolicy policy) {
        Integer[] order = new Integer[attempts.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing((Integer i) -> attempts.get(i).delivery().endpointId())
                .thenComparing(i -> attempts.get(i).delivery().id()));
        return PgTx.run(db, "recording webhook attempts", c -> {
            Outcome[] out = new Outcome[attempts.size()];
            for (int i : order) {
                out[i] = recordOne(c, attempts.get(i), policy);
            }
            return List.of(out);
        });
    }

    private static Outcome recordOne(Connection c, Recorded r, FailurePolicy policy) throws SQLException {
        ClaimedDelivery d = r.delivery();
        int n;
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE webhook_deliveries SET status = ?, attempt_count = attempt_count + 1, next_attempt_ms = ?,
                  manual = false, lease_until_ms = NULL, lease_owner = NULL
                WHERE id = ? AND lease_owner = ? AND lease_until_ms = ? RETURNING attempt_count""")) {
            ps.setString(1, r.status().wireName());
            if (r.nextAttemptAt() == null) {
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(2, r.nextAttemptAt().toEpochMilli());
            }
            ps.setString(3, d.id());
            ps.setString(4, d.owner());
            ps.setLong(5, d.leaseUntil().toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Outcome.NOT_RECORDED; // the claim was lost: another dispatcher's attempt counts
                }
                n = rs.getInt(1);
            }
        }
        Attempt a = r.attempt();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_attempts"
                + " (delivery_id, n, at_ms, status_code, duration_ms, excerpt, error) VALUES (?,?,?,?,?,?,?)")) {
            ps.setString(1, d.id());
            ps.setInt(2, n);
            ps.setLong(3, a.at().toEpochMilli());
            if (a.statusCode() == null) {
                ps.setNull(4, Types.INTEGER);
            } else {
                ps.setInt(4, a.statusCode());
            }
            ps.setLong(5, a.durationMs());
            ps.setString(6, a.responseExcerpt());
            ps.setString(7, a.error() == null ? null : a.error().wireName());
            ps.executeUpdate();
        }
        return FailureStreak.record(c, d.endpointId(), a, policy);
    }

    @Override
    public Optional<Delivery> find(String tenant, String id) {
        return Pg.run(db, "reading a webhook delivery", () -> {
            try (Connection c = db.connection()) {
                return select(c, "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE tenant = ? AND id = ?",
                        tenant, id).stream().findFirst();
            }
        });
    }

    @Override
    public List<Delivery> forEvent(String tenant, String eventId) {
        return Pg.run(db, "reading an event's webhook deliveries", () -> {
            try (Connection c = db.connection()) {
                return select(c, "SELECT " + DELIVERY_COLUMNS
                        + " FROM webhook_deliveries WHERE tenant = ? AND event_id = ? ORDER BY id", tenant, eventId);
            }
        });
    }

    @Override
    public Page list(String tenant, String endpointId, DeliveryStatus status, int limit, String cursor) {
        return Pg.run(db, "listing webhook deliveries", () -> {
            StringBuilder sql = new StringBuilder("SELECT " + DELIVERY_COLUMNS
                    + " FROM webhook_deliveries WHERE tenant = ? AND endpoint_id = ?");
            List<String> args = new ArrayList<>(List.of(tenant, endpointId));
            if (status != null) {
                sql.append(" AND status = ?");
                args.add(status.wireName());
            }
            if (cursor != null) {
                sql.append(" AND id < ?");
                args.add(cursor);
            }
            sql.append(" ORDER BY id DESC LIMIT ").append(limit + 1);
            List<Delivery> rows;
            try (Connection c = db.connection()) {
                rows = select(c, sql.toString(), args.toArray(String[]::new));
            }
            String next = null;
            if (rows.size() > limit) {
                rows = rows.subList(0, limit);
                next = rows.get(limit - 1).id();
            }
            return new Page(List.copyOf(rows), next);
        });
    }

    @Override
    public Optional<Delivery> retryNow(String tenant, String id, Instant now) {
        int n = update("asking for a webhook attempt",
                "UPDATE webhook_deliveries SET manual = true, next_attempt_ms = ? WHERE tenant = ? AND id = ?",
                now.toEpochMilli(), tenant, id);
        return n == 0 ? Optional.empty() : find(tenant, id);
    }

    @Override
    public int recover(String tenant, String endpointId, Instant since, Instant now) {
        return update("recovering webhook deliveries", """
                UPDATE webhook_deliveries SET manual = true, next_attempt_ms = ?
                WHERE tenant = ? AND endpoint_id = ? AND status = 'failed' AND created_ms >= ?""",
                now.toEpochMilli(), tenant, endpointId, since.toEpochMilli());
    }

    @Override
    public dev.herald.core.store.PruneBatch pruneFinished(Instant cutoff, int max) {
        return PgTx.run(db, "pruning webhook deliveries", c -> {
            long start = System.nanoTime();
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM webhook_deliveries WHERE created_ms < ?"
                    + " AND status IN ('succeeded', 'failed') AND next_attempt_ms IS NULL AND lease_until_ms IS NULL"
                    + " LIMIT ? FOR UPDATE SKIP LOCKED")) {
                ps.setLong(1, cutoff.toEpochMilli());
                ps.setInt(2, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            int rows = 0;
            if (!ids.isEmpty()) {
                java.sql.Array keys = c.createArrayOf("text", ids.toArray());
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_attempts WHERE delivery_id = ANY(?)")) {
                    ps.setArray(1, keys);
                    rows += ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_deliveries WHERE id = ANY(?)")) {
                    ps.setArray(1, keys);
                    rows += ps.executeUpdate();
                }
            }
            return new dev.herald.core.store.PruneBatch(rows, Duration.ofNanos(System.nanoTime() - start));
        });
    }

    @Override
    public int releaseLeases() {
        return update("releasing webhook leases", "UPDATE webhook_deliveries SET lease_until_ms = NULL,"
                + " lease_owner = NULL WHERE lease_until_ms IS NOT NULL");
    }

    @Override
    public int releaseLeasesOf(String owner) {
        return update("releasing webhook leases", "UPDATE webhook_deliveries SET lease_until_ms = NULL,"
                + " lease_owner = NULL WHERE lease_owner = ?", owner);
    }

    private int update(String what, String sql, Object... args) {
        return Pg.run(db, what, () -> {
            try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    /** Deliveries with their attempts, in the order of {@code sql}. */
    private static List<Delivery> select(Connection c, String sql, String... args) throws SQLException {
        Map<String, Delivery> byId = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long next = rs.getLong(8);
                    Instant nextAt = rs.wasNull() ? null : Instant.ofEpochMilli(next);
                    byId.put(rs.getString(1), new Delivery(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), status(rs.getString(6)), rs.getInt(7), nextAt,
                            Instant.ofEpochMilli(rs.getLong(9)), List.of(), rs.getString(10)));
                }
            }
        }
        if (byId.isEmpty()) {
            return List.of();
        }
        Map<String, List<Attempt>> attempts = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT delivery_id, at_ms, status_code, duration_ms, excerpt,"
                + " error FROM webhook_attempts WHERE delivery_id = ANY(?) ORDER BY delivery_id, n")) {
            ps.setArray(1, c.createArrayOf("text", byId.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int code = rs.getInt(3);
                    Integer statusCode = rs.wasNull() ? null : code;
                    String error = rs.getString(6);
                    attempts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Attempt(
                            Instant.ofEpochMilli(rs.getLong(2)), statusCode, rs.getLong(4), rs.getString(5),
                            error == null ? null : AttemptError.fromWireName(error).orElse(null)));
                }
            }
        }
        List<Delivery> out = new ArrayList<>(byId.size());
        for (Delivery d : byId.values()) {
            out.add(new Delivery(d.id(), d.tenant(), d.endpointId(), d.eventId(), d.eventType(), d.status(),
                    d.attemptCount(), d.nextAttemptAt(), d.createdAt(), attempts.getOrDefault(d.id(), List.of()),
                    d.payload()));
        }
        return out;
    }

    private static DeliveryStatus status(String s) {
        return DeliveryStatus.fromWireName(s).orElseThrow(() -> new IllegalStateException("unknown delivery status " + s));
    }
}
