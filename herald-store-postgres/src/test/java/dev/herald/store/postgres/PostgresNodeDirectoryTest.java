package dev.herald.store.postgres;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.herald.core.store.NodeDirectory;
import dev.herald.core.store.NodeInfo;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresNodeDirectoryTest {
    private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");
    @RegisterExtension
    static final PgTestData data = new PgTestData();

    @Test
    void heartbeatingNodesAreLiveUntilTheyLeaveOrFallSilent() throws Exception {
        NodeDirectory a = new PostgresNodeDirectory(data.fresh());
        NodeDirectory b = new PostgresNodeDirectory(data.node());
        a.heartbeat(new NodeInfo("node-a", "http://10.0.0.1:8080", 3, STARTED, null));
        b.heartbeat(new NodeInfo("node-b", "http://10.0.0.2:8080", 5, STARTED, null));
        a.heartbeat(new NodeInfo("node-a", "http://10.0.0.1:8080", 7, STARTED, null));

        assertThat(b.live(Duration.ofSeconds(30))).extracting(NodeInfo::nodeId, NodeInfo::connections)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("node-a", 7L), org.assertj.core.groups.Tuple.tuple("node-b", 5L));
        assertThat(a.live(Duration.ofSeconds(30)).get(0).lastHeartbeat()).isNotNull();

        try (Connection c = DriverManager.getConnection(data.url); Statement st = c.createStatement()) {
            st.execute("UPDATE cluster_nodes SET heartbeat_ms = heartbeat_ms - 60000 WHERE node_id = 'node-b'");
        }
        assertThat(a.live(Duration.ofSeconds(30))).extracting(NodeInfo::nodeId).containsExactly("node-a");

        assertThat(a.leave("node-a")).isTrue();
        assertThat(a.leave("node-a")).isFalse();
        assertThat(b.live(Duration.ofSeconds(30))).isEmpty();
    }
}
