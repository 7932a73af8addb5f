package dev.herald.store.sqlite;

import dev.herald.core.webhook.Endpoint;
import dev.herald.core.webhook.EndpointStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A herald.db written by a version before the endpoint lifecycle opens, and is brought up to date in place. */
class SqliteSchemaUpgradeTest {
    @TempDir
    Path dir;

    @Test
    void aFileWithoutTheLifecycleColumnsGetsThemAndItsEndpointsStayEnabled() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
             Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE webhook_endpoints (
                      id TEXT PRIMARY KEY, tenant TEXT NOT NULL, url TEXT NOT NULL, event_types TEXT NOT NULL,
                      description TEXT, notify_email TEXT, secret TEXT NOT NULL, previous_secret TEXT,
                      overlap_until_ms INTEGER, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL,
                      failure_streak INTEGER NOT NULL DEFAULT 0, streak_notified INTEGER NOT NULL DEFAULT 0)""");
        }
        Endpoint e = EndpointStoreContract.endpoint("acme", "*");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
             var ps = c.prepareStatement("INSERT INTO webhook_endpoints (id, tenant, url, event_types, secret,"
                     + " created_ms, updated_ms) VALUES (?, 'acme', ?, '[\"*\"]', ?, ?, ?)")) {
            ps.setString(1, e.id());
            ps.setString(2, e.url());
            ps.setString(3, SqliteEndpointStoreTest.CIPHER.seal(e.secrets().current(), e.id()));
            ps.setLong(4, e.createdAt().toEpochMilli());
            ps.setLong(5, e.updatedAt().toEpochMilli());
            ps.executeUpdate();
        }
        SqliteEndpointStore store = new SqliteEndpointStore(new SqliteDatabase(dir), SqliteEndpointStoreTest.CIPHER);
        try {
            Endpoint read = store.find("acme", e.id()).orElseThrow();
            assertThat(read.disabled()).isFalse();
            assertThat(store.update(read.disable(Instant.now(), Endpoint.DISABLED_MANUALLY))).isTrue();
            new SqliteDatabase(dir); // opening again finds the columns in place
            assertThat(store.find("acme", e.id()).orElseThrow().disabledReason()).isEqualTo(Endpoint.DISABLED_MANUALLY);
        } finally {
            store.close();
        }
    }
}
