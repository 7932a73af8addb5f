package dev.herald.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Empties every Herald table of a test database, so each test of a class starts from nothing. */
final class PgTestData {
    private PgTestData() {
    }

    static void truncateAll(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("SELECT 1 FROM pg_tables WHERE tablename = 'events'");
            if (st.getResultSet().next()) {
                st.execute("TRUNCATE tenant_seqs, events, api_keys, webhook_endpoints, webhook_deliveries,"
                        + " webhook_attempts, shared_secrets, cluster_nodes");
            }
        }
    }
}
