package dev.herald.server.cluster;

import dev.herald.core.store.NodeDirectory;
import dev.herald.core.store.NodeInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The directory of a single node (embedded store): the node's own heartbeats, in memory. Thread-safe. */
public final class LocalNodeDirectory implements NodeDirectory {
    private final Map<String, NodeInfo> nodes = new TreeMap<>();

    @Override
    public synchronized void heartbeat(NodeInfo node) {
        nodes.put(node.nodeId(), new NodeInfo(node.nodeId(), node.url(), node.connections(), node.startedAt(), Instant.now()));
    }

    @Override
    public synchronized List<NodeInfo> live(Duration within) {
        Instant since = Instant.now().minus(within);
        List<NodeInfo> out = new ArrayList<>();
        for (NodeInfo n : nodes.values()) {
            if (!n.lastHeartbeat().isBefore(since)) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public synchronized boolean leave(String nodeId) {
        return nodes.remove(nodeId) != null;
    }
}
