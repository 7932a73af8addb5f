package dev.herald.store.postgres;

import dev.herald.core.webhook.SecretCipher;
import dev.herald.testkit.PostgresProcess;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A test class's database on the shared PostgreSQL: created once per class, emptied before each test; each
 * {@link #node()} is a pool of its own, as another node has. Registered as a class's extension
 * ({@code @RegisterExtension static final PgTestData data = new PgTestData()}), it closes every pool after the
 * class's tests.
 */
final class PgTestData implements AutoCloseable, org.junit.jupiter.api.extension.AfterAllCallback {
    static final SecretCipher CIPHER = new SecretCipher(new byte[SecretCipher.KEY_BYTES]);

    final String url;
    private final List<PostgresDatabase> opened = new ArrayList<>();

    PgTestData() {
        this.url = PostgresProcess.shared().createDatabase();
    }

    synchronized PostgresDatabase node() {
        PostgresDatabase db = new PostgresDatabase(url, Duration.ofSeconds(5), 3);
        opened.add(db);
        return db;
    }

    /** Empties every table (after the first node has created them), then a new node. */
    PostgresDatabase fresh() throws SQLException {
        PostgresDatabase db = node();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("TRUNCATE tenant_seqs, events, api_keys, webhook_endpoints, webhook_deliveries,"
                    + " webhook_attempts, shared_secrets, cluster_nodes");
        }
        return db;
    }

    @Override
    public synchronized void close() {
        opened.forEach(PostgresDatabase::close);
        opened.clear();
    }

    @Override
    public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
        close();
    }
}
