package dev.herald.store.postgres;

import dev.herald.core.id.Secrets;
import dev.herald.core.id.Ulid;
import dev.herald.core.store.ApiKey;
import dev.herald.core.store.ApiKeyStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * API keys in PostgreSQL, shared by every node: a key created on one node (or by {@code herald keys create})
 * authenticates on all, and a revocation counts everywhere from its commit. Failures to reach the database
 * throw {@link dev.herald.core.store.StoreUnavailableException}.
 */
public final class PostgresApiKeyStore implements ApiKeyStore {
    private final PostgresDatabase db;

    public PostgresApiKeyStore(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public IssuedKey create(String tenant, Set<ApiKey.Scope> scopes) {
        String plaintext = ApiKeyStore.newPlaintext();
        ApiKey key = new ApiKey("key_" + Ulid.next(), tenant, Set.copyOf(scopes), Instant.now(), null);
        Pg.run(db, "storing an API key", () -> {
            try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_keys (id, hash, tenant, scopes, created_ms) VALUES (?,?,?,?,?)")) {
                ps.setString(1, key.id());
                ps.setString(2, Secrets.sha256Hex(plaintext));
                ps.setString(3, tenant);
                ps.setString(4, scopes.stream().map(ApiKey.Scope::wireName).sorted().collect(Collectors.joining(",")));
                ps.setLong(5, key.createdAt().toEpochMilli());
                return ps.executeUpdate();
            }
        });
        return new IssuedKey(plaintext, key);
    }

    @Override
    public Optional<ApiKey> findByHash(String sha256Hex) {
        return Pg.run(db, "reading API keys", () -> {
            try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT id, tenant, scopes, created_ms, revoked_ms, hash FROM api_keys WHERE hash = ?")) {
                ps.setString(1, sha256Hex);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && Secrets.constantTimeEquals(rs.getString(6), sha256Hex)) {
                        return Optional.of(read(rs));
                    }
                    return Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean revoke(String id) {
        return Pg.run(db, "revoking an API key", () -> {
            try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_keys SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL")) {
                ps.setLong(1, System.currentTimeMillis());
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<ApiKey> list() {
        return Pg.run(db, "listing API keys", () -> {
            try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT id, tenant, scopes, created_ms, revoked_ms FROM api_keys ORDER BY created_ms, id");
                 ResultSet rs = ps.executeQuery()) {
                List<ApiKey> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        });
    }

    private static ApiKey read(ResultSet rs) throws SQLException {
        Set<ApiKey.Scope> scopes = EnumSet.noneOf(ApiKey.Scope.class);
        for (String s : rs.getString(3).split(",")) {
            if (!s.isBlank()) {
                scopes.add(ApiKey.Scope.parse(s));
            }
        }
        long revoked = rs.getLong(5);
        Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
        return new ApiKey(rs.getString(1), rs.getString(2), Set.copyOf(scopes), Instant.ofEpochMilli(rs.getLong(4)), revokedAt);
    }
}
