package dev.herald.store.sqlite;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Webhook deliveries and attempts in {@code herald.db}. One connection, used by one caller at a time; every
 * write is a {@code BEGIN IMMEDIATE} transaction so it queues behind the event writer instead of failing.
 */
public final class SqliteDeliveryStore implements DeliveryStore {
    /** Candidates looked at per claim: enough to fill every endpoint's free slots in the common case. */
    private static final int CANDIDATES = 500;
    private static final String DELIVERY_COLUMNS =
            "id, tenant, endpoint_id, event_id, event_type, status, attempt_count, next_attempt_ms, created_ms, body";

    /** Deliveries of a disabled endpoint wait: they are not claimed until it is enabled again. */
    private static final String NOT_DISABLED =
            " AND endpoint_id NOT IN (SELECT id FROM webhook_endpoints WHERE disabled_ms IS NOT NULL)";

    private final Connection connection;
    /** This process's writers of the file ({@link SqliteDatabase#writeLock()}). */
    private final java.util.concurrent.locks.Lock writers;

    public SqliteDeliveryStore(SqliteDatabase db) {
        try {
            this.connection = db.open();
            this.writers = db.writeLock();
            try (java.sql.Statement st = connection.createStatement()) {
                // Attempt bookkeeping may lose its last commits on power loss (never on a process crash, in WAL
                // mode): the worst outcome is one more attempt of a delivery, which at-least-once allows. Events
                // and new deliveries keep synchronous=FULL on the event writer.
                st.execute("PRAGMA synchronous=NORMAL");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open webhook deliveries: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<ClaimedDelivery> claim(Instant now, Duration lease, String owner, int max,
                                                    ToIntFunction<String> freeSlots, java.util.Set<String> full) {
        return run(() -> SqliteTx.immediate(writers, connection, c -> claimIn(c, now, lease, owner, max, freeSlots, full)));
    }

    /** Records, then claims, in one {@code BEGIN IMMEDIATE} transaction: one commit for the dispatcher's round. */
    @Override
    public synchronized RecordedAndClaimed recordAndClaim(List<Recorded> attempts, FailurePolicy policy, Instant now,
                                                          Duration lease, String owner, int max,
                                                          ToIntFunction<String> freeSlots, java.util.Set<String> full) {
        return run(() -> SqliteTx.immediate(writers, connection, c -> new RecordedAndClaimed(
                attempts.isEmpty() ? List.of() : recordIn(c, attempts, policy),
                max > 0 ? claimIn(c, now, lease, owner, max, freeSlots, full) : List.of())));
    }

    private static List<ClaimedDelivery> claimIn(Connection c, Instant now, Duration lease, String owner, int max,
                                                 ToIntFunction<String> freeSlots, java.util.Set<String> full)
            throws SQLException {
        long nowMs = now.toEpochMilli();
        long leaseUntil = nowMs + lease.toMillis();
        List<ClaimedDelivery> out = new ArrayList<>();
        Map<String, Integer> slots = new HashMap<>();
        String skip = full.isEmpty() ? "" : " AND endpoint_id NOT IN ("
                + String.join(",", java.util.Collections.nCopies(full.size(), "?")) + ")";
        // The candidates with what a claim returns (sqlite-jdbc reads a column only when asked: the bodies of
        // candidates passed over are not read), then one prepared UPDATE per chosen delivery.
        try (PreparedStatement ps = c.prepareStatement("SELECT id, endpoint_id, tenant, event_id, body,"
                + " attempt_count, status, manual FROM webhook_deliveries"
                + " WHERE next_attempt_ms <= ? AND (lease_until_ms IS NULL OR lease_until_ms <= ?)" + NOT_DISABLED + skip
                + " ORDER BY next_attempt_ms, id LIMIT ?")) {
            int i = 1;
            ps.setLong(i++, nowMs);
            ps.setLong(i++, nowMs);
            for (String endpoint : full) {
                ps.setString(i++, endpoint);
            }
            ps.setInt(i, Math.min(CANDIDATES, Math.max(max, 1) * 4));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < max) {
                    String endpoint = rs.getString(2);
                    int free = slots.computeIfAbsent(endpoint, freeSlots::applyAsInt);
                    if (free > 0) {
                        slots.put(endpoint, free - 1);
                        out.add(new ClaimedDelivery(rs.getString(1), rs.getString(3), endpoint, rs.getString(4),
                                rs.getString(5), rs.getInt(6), status(rs.getString(7)), rs.getInt(8) == 1, owner,
                                Instant.ofEpochMilli(leaseUntil)));
                    }
                }
            }
        }
        if (!out.isEmpty()) {
            try (PreparedStatement lock = c.prepareStatement(
                    "UPDATE webhook_deliveries SET lease_until_ms = ?, lease_owner = ? WHERE id = ?")) {
                for (ClaimedDelivery d : out) {
                    lock.setLong(1, leaseUntil);
                    lock.setString(2, owner);
                    lock.setString(3, d.id());
                    lock.executeUpdate();
                }
            }
        }
        return out;
    }

    @Override
    public synchronized List<Outcome> recordAll(List<Recorded> attempts, FailurePolicy policy) {
        return run(() -> SqliteTx.immediate(writers, connection, c -> recordIn(c, attempts, policy)));
    }

    private static List<Outcome> recordIn(Connection c, List<Recorded> attempts, FailurePolicy policy)
            throws SQLException {
        List<Outcome> out = new ArrayList<>(attempts.size());
        // Endpoints whose streak a success of this batch has already reset, with no failure recorded since: a
        // further success would write the same values again.
        java.util.Set<String> reset = new java.util.HashSet<>();
        try (RecordStatements st = new RecordStatements(c)) {
            for (Recorded r : attempts) {
                out.add(recordOne(c, st, r.delivery(), r.attempt(), r.status(), r.nextAttemptAt(), policy, reset));
            }
        }
        return out;
    }

    /** The statements of one {@link #recordAll} transaction, prepared once for all of its attempts. */
    private static final class RecordStatements implements AutoCloseable {
        final PreparedStatement nextN;
        final PreparedStatement settle;
        final PreparedStatement insertAttempt;

        RecordStatements(Connection c) throws SQLException {
            nextN = c.prepareStatement("SELECT COALESCE(MAX(n), 0) + 1 FROM webhook_attempts WHERE delivery_id = ?");
            settle = c.prepareStatement("""
                    UPDATE webhook_deliveries SET status = ?, attempt_count = ?, next_attempt_ms = ?, manual = 0,
                      lease_until_ms = NULL, lease_owner = NULL WHERE id = ? AND lease_owner = ? AND lease_until_ms = ?""");
            insertAttempt = c.prepareStatement("INSERT INTO webhook_attempts"
                    + " (delivery_id, n, at_ms, status_code, duration_ms, excerpt, error) VALUES (?,?,?,?,?,?,?)");
        }

        @Override
        public void close() throws SQLException {
            nextN.close();
            settle.close();
            insertAttempt.close();
        }
    }

    private static Outcome recordOne(Connection c, RecordStatements st, ClaimedDelivery d, Attempt a,
                                     DeliveryStatus status, Instant nextAttemptAt, FailurePolicy policy,
                                     java.util.Set<String> reset) throws SQLException {
        int n;
        PreparedStatement ps = st.nextN;
        ps.setString(1, d.id());
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            n = rs.getInt(1);
        }
        ps = st.settle;
        ps.setString(1, status.wireName());
        ps.setInt(2, n);
        if (nextAttemptAt == null) {
            ps.setNull(3, Types.INTEGER);
        } else {
            ps.setLong(3, nextAttemptAt.toEpochMilli());
        }
        ps.setString(4, d.id());
        ps.setString(5, d.owner());
        ps.setLong(6, d.leaseUntil().toEpochMilli());
        if (ps.executeUpdate() == 0) {
            return Outcome.NOT_RECORDED; // the claim was lost: another dispatcher's attempt counts
        }
        ps = st.insertAttempt;
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
        if (a.succeeded()) {
            if (!reset.add(d.endpointId())) {
                return new Outcome(0, false, true, false); // already reset in this transaction
            }
        } else {
            reset.remove(d.endpointId());
        }
        return FailureStreak.record(c, d.endpointId(), a, policy);
    }

    @Override
    public synchronized Optional<Delivery> find(String tenant, String id) {
        return run(() -> {
            List<Delivery> found = select("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE tenant = ? AND id = ?",
                    tenant, id);
            return found.stream().findFirst();
        });
    }

    @Override
    public synchronized List<Delivery> forEvent(String tenant, String eventId) {
        return run(() -> select("SELECT " + DELIVERY_COLUMNS
                + " FROM webhook_deliveries WHERE tenant = ? AND event_id = ? ORDER BY id", tenant, eventId));
    }

    @Override
    public synchronized Page list(String tenant, String endpointId, DeliveryStatus status, int limit, String cursor) {
        return run(() -> {
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
            List<Delivery> rows = select(sql.toString(), args.toArray(String[]::new));
            String next = null;
            if (rows.size() > limit) {
                rows = rows.subList(0, limit);
                next = rows.get(limit - 1).id();
            }
            return new Page(List.copyOf(rows), next);
        });
    }

    @Override
    public synchronized Optional<Delivery> retryNow(String tenant, String id, Instant now) {
        return run(() -> {
            int n = SqliteTx.immediate(writers, connection, c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE webhook_deliveries SET manual = 1, next_attempt_ms = ? WHERE tenant = ? AND id = ?")) {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setString(2, tenant);
                    ps.setString(3, id);
                    return ps.executeUpdate();
                }
            });
            return n == 0 ? Optional.<Delivery>empty() : find(tenant, id);
        });
    }

    @Override
    public synchronized int recover(String tenant, String endpointId, Instant since, Instant now) {
        return run(() -> SqliteTx.immediate(writers, connection, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE webhook_deliveries SET manual = 1, next_attempt_ms = ?
                    WHERE tenant = ? AND endpoint_id = ? AND status = 'failed' AND created_ms >= ?""")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, tenant);
                ps.setString(3, endpointId);
                ps.setLong(4, since.toEpochMilli());
                return ps.executeUpdate();
            }
        }));
    }

    @Override
    public synchronized dev.herald.core.store.PruneBatch pruneFinished(Instant cutoff, int max) {
        return run(() -> SqliteTx.immediate(writers, connection, c -> {
            long locked = System.nanoTime();
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM webhook_deliveries WHERE created_ms < ?"
                    + " AND status IN ('succeeded', 'failed') AND next_attempt_ms IS NULL AND lease_until_ms IS NULL"
                    + " LIMIT ?")) {
                ps.setLong(1, cutoff.toEpochMilli());
                ps.setInt(2, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            int rows = 0;
            try (PreparedStatement attempts = c.prepareStatement("DELETE FROM webhook_attempts WHERE delivery_id = ?");
                 PreparedStatement delivery = c.prepareStatement("DELETE FROM webhook_deliveries WHERE id = ?")) {
                for (String id : ids) {
                    attempts.setString(1, id);
                    rows += attempts.executeUpdate();
                    delivery.setString(1, id);
                    rows += delivery.executeUpdate();
                }
            }
            return new dev.herald.core.store.PruneBatch(rows, Duration.ofNanos(System.nanoTime() - locked));
        }));
    }

    @Override
    public synchronized int releaseLeases() {
        return run(() -> SqliteTx.immediate(writers, connection, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_deliveries SET lease_until_ms = NULL,"
                    + " lease_owner = NULL WHERE lease_until_ms IS NOT NULL")) {
                return ps.executeUpdate();
            }
        }));
    }

    @Override
    public synchronized int releaseLeasesOf(String owner) {
        return run(() -> SqliteTx.immediate(writers, connection, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_deliveries SET lease_until_ms = NULL,"
                    + " lease_owner = NULL WHERE lease_owner = ?")) {
                ps.setString(1, owner);
                return ps.executeUpdate();
            }
        }));
    }

    /** Deliveries with their attempts, in the order of {@code sql}. */
    private List<Delivery> select(String sql, String... args) throws SQLException {
        Map<String, Delivery> byId = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
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
        String marks = String.join(",", java.util.Collections.nCopies(byId.size(), "?"));
        try (PreparedStatement ps = connection.prepareStatement("SELECT delivery_id, at_ms, status_code, duration_ms,"
                + " excerpt, error FROM webhook_attempts WHERE delivery_id IN (" + marks + ") ORDER BY delivery_id, n")) {
            int i = 1;
            for (String id : byId.keySet()) {
                ps.setString(i++, id);
            }
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

    private static <T> T run(Sql.Work<T> work) {
        return Sql.run("webhook delivery store", work);
    }

    /** Closes the connection; later calls fail. */
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing is best effort
        }
    }
}
