package dev.herald.store.postgres;

import dev.herald.core.store.SharedSecrets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.function.Supplier;

/**
 * Shared secrets in the {@code shared_secrets} table. The first node's insert wins: {@code ON CONFLICT DO
 * NOTHING} waits for a concurrent insert of the same name to commit, and the read after it sees the winner.
 * Values are stored as given (the dev-mode JWT secret and the webhook sealing key live in the database that
 * the sealed data lives in; production configures both in files instead).
 */
public final class PostgresSharedSecrets implements SharedSecrets {
    private final PostgresDatabase db;

    public PostgresSharedSecrets(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public String getOrCreate(String name, Supplier<String> mint) {
        return Pg.run(db, "reading shared secret " + name, () -> {
            try (Connection c = db.connection()) {
                String stored = read(c, name);
                if (stored != null) {
                    return stored;
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO shared_secrets (name, value, created_ms)"
                        + " VALUES (?,?,?) ON CONFLICT (name) DO NOTHING")) {
                    ps.setString(1, name);
                    ps.setString(2, mint.get());
                    ps.setLong(3, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                return read(c, name);
            }
        });
    }

    private static String read(Connection c, String name) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM shared_secrets WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
