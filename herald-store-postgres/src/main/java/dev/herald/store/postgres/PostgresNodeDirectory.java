package dev.herald.store.postgres;

import dev.herald.core.store.NodeDirectory;
import dev.herald.core.store.NodeInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The live nodes in {@code cluster_nodes}; heartbeat times come from the database's clock. */
public final class PostgresNodeDirectory implements NodeDirectory {
    private static final String DB_NOW_MS = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

    private final PostgresDatabase db;

    public PostgresNodeDirectory(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public void heartbeat(NodeInfo node) {
        Pg.run(db, "node heartbeat", () -> {
            try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO cluster_nodes (node_id, url, connections, started_ms, heartbeat_ms)"
                            + " VALUES (?,?,?,?," + DB_NOW_MS + ") ON CONFLICT (node_id) DO UPDATE SET url = excluded.url,"
                            + " connections = excluded.connections, started_ms = excluded.started_ms,"
                            + " heartbeat_ms = excluded.heartbeat_ms")) {
                ps.setString(1, node.nodeId());
                ps.setString(2, node.url());
                ps.setLong(3, node.connections());
                ps.setLong(4, node.startedAt().toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<NodeInfo> live(Duration within) {
        return Pg.run(db, "listing cluster nodes", () -> {
            try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT node_id, url, connections, started_ms, heartbeat_ms FROM cluster_nodes"
                            + " WHERE heartbeat_ms >= " + DB_NOW_MS + " - ? ORDER BY node_id")) {
                ps.setLong(1, within.toMillis());
                try (ResultSet rs = ps.executeQuery()) {
                    List<NodeInfo> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new NodeInfo(rs.getString(1), rs.getString(2), rs.getLong(3),
                                Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5))));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public boolean leave(String nodeId) {
        return Pg.run(db, "leaving the cluster", () -> {
            try (Connection c = db.connection();
                 PreparedStatement ps = c.prepareStatement("DELETE FROM cluster_nodes WHERE node_id = ?")) {
                ps.setString(1, nodeId);
                return ps.executeUpdate() == 1;
            }
        });
    }
}
