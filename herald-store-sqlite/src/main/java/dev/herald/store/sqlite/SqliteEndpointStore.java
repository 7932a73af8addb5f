package dev.herald.store.sqlite;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.herald.core.json.Json;
import dev.herald.core.webhook.Endpoint;
import dev.herald.core.webhook.EndpointStore;
import dev.herald.core.webhook.SecretCipher;
import dev.herald.core.webhook.SigningSecrets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Webhook endpoints in {@code herald.db}; secrets sealed with {@link SecretCipher} before they reach disk. */
public final class SqliteEndpointStore implements EndpointStore {
    private static final String COLUMNS = "id, tenant, url, event_types, description, notify_email, secret,"
            + " previous_secret, overlap_until_ms, created_ms, updated_ms, disabled_ms, disabled_reason";

    private final Connection connection;
    /** This process's writers of the file ({@link SqliteDatabase#writeLock()}). */
    private final java.util.concurrent.locks.Lock writers;
    private final SecretCipher cipher;

    public SqliteEndpointStore(SqliteDatabase db, SecretCipher cipher) {
        this.cipher = cipher;
        try {
            this.connection = db.open();
            this.writers = db.writeLock();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open webhook endpoints: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void insert(Endpoint e) {
        run(() -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO webhook_endpoints (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                bind(ps, e);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized Optional<Endpoint> find(String tenant, String id) {
        List<Endpoint> found = query("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE tenant = ? AND id = ?", tenant, id);
        return found.stream().findFirst();
    }

    @Override
    public synchronized List<Endpoint> list(String tenant) {
        return query("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE tenant = ? ORDER BY id", tenant);
    }

    @Override
    public synchronized List<Endpoint> all() {
        return query("SELECT " + COLUMNS + " FROM webhook_endpoints ORDER BY id");
    }

    @Override
    public synchronized boolean update(Endpoint e) {
        return run(() -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    UPDATE webhook_endpoints SET url = ?, event_types = ?, description = ?, notify_email = ?, secret = ?,
                      previous_secret = ?, overlap_until_ms = ?, updated_ms = ?,
                      failure_streak = CASE WHEN disabled_ms IS NOT NULL AND CAST(? AS bigint) IS NULL THEN 0 ELSE failure_streak END,
                      streak_notified = CASE WHEN disabled_ms IS NOT NULL AND CAST(? AS bigint) IS NULL THEN 0 ELSE streak_notified END,
                      failing_since_ms = CASE WHEN disabled_ms IS NOT NULL AND CAST(? AS bigint) IS NULL THEN NULL ELSE failing_since_ms END,
                      disabled_ms = ?, disabled_reason = ? WHERE tenant = ? AND id = ?""")) {
                ps.setString(1, e.url());
                ps.setString(2, Json.write(e.eventTypes()));
                ps.setString(3, e.description());
                ps.setString(4, e.notifyEmail());
                ps.setString(5, cipher.seal(e.secrets().current(), e.id()));
                ps.setString(6, e.secrets().previous() == null ? null : cipher.seal(e.secrets().previous(), e.id()));
                setInstant(ps, 7, e.overlapUntil());
                ps.setLong(8, e.updatedAt().toEpochMilli());
                // Enabling again (stored disabled, now enabled) ends the failure streak: a fresh disable_after.
                setInstant(ps, 9, e.disabledAt());
                setInstant(ps, 10, e.disabledAt());
                setInstant(ps, 11, e.disabledAt());
                setInstant(ps, 12, e.disabledAt());
                ps.setString(13, e.disabledReason());
                ps.setString(14, e.tenant());
                ps.setString(15, e.id());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized boolean delete(String tenant, String id) {
        return run(() -> SqliteTx.immediate(writers, connection, c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_endpoints WHERE tenant = ? AND id = ?")) {
                ps.setString(1, tenant);
                ps.setString(2, id);
                n = ps.executeUpdate();
            }
            if (n == 0) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = ?)")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_deliveries WHERE endpoint_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            return true;
        }));
    }

    private void bind(PreparedStatement ps, Endpoint e) throws SQLException {
        ps.setString(1, e.id());
        ps.setString(2, e.tenant());
        ps.setString(3, e.url());
        ps.setString(4, Json.write(e.eventTypes()));
        ps.setString(5, e.description());
        ps.setString(6, e.notifyEmail());
        ps.setString(7, cipher.seal(e.secrets().current(), e.id()));
        ps.setString(8, e.secrets().previous() == null ? null : cipher.seal(e.secrets().previous(), e.id()));
        setInstant(ps, 9, e.overlapUntil());
        ps.setLong(10, e.createdAt().toEpochMilli());
        ps.setLong(11, e.updatedAt().toEpochMilli());
        setInstant(ps, 12, e.disabledAt());
        ps.setString(13, e.disabledReason());
    }

    private static void setInstant(PreparedStatement ps, int i, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(i, java.sql.Types.INTEGER);
        } else {
            ps.setLong(i, at.toEpochMilli());
        }
    }

    private List<Endpoint> query(String sql, String... args) {
        return run(() -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<Endpoint> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                    return out;
                }
            }
        });
    }

    private Endpoint read(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        String previous = rs.getString("previous_secret");
        long overlap = rs.getLong("overlap_until_ms");
        Instant overlapUntil = rs.wasNull() ? null : Instant.ofEpochMilli(overlap);
        long disabled = rs.getLong("disabled_ms");
        Instant disabledAt = rs.wasNull() ? null : Instant.ofEpochMilli(disabled);
        SigningSecrets secrets = new SigningSecrets(cipher.open(rs.getString("secret"), id),
                previous == null ? null : cipher.open(previous, id));
        List<String> types = Json.MAPPER.convertValue(Json.parseOrNull(rs.getString("event_types")),
                new TypeReference<List<String>>() { });
        return new Endpoint(id, rs.getString("tenant"), rs.getString("url"), types, rs.getString("description"),
                rs.getString("notify_email"), secrets, overlapUntil, Instant.ofEpochMilli(rs.getLong("created_ms")),
                Instant.ofEpochMilli(rs.getLong("updated_ms")), disabledAt, rs.getString("disabled_reason"));
    }

    private static <T> T run(Sql.Work<T> work) {
        return Sql.run("webhook endpoint store", work);
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
