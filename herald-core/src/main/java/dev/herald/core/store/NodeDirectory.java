package dev.herald.core.store;

import java.time.Duration;
import java.util.List;

/**
 * The live nodes of a cluster, kept by heartbeats in the shared store. Blocking (I/O): never call on an event
 * loop. Every method throws {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface NodeDirectory {

    /**
     * Inserts or replaces the row of {@code node.nodeId()}; {@code lastHeartbeat} is set to the store's clock
     * (the given value is ignored), so nodes with skewed clocks still judge liveness alike.
     */
    void heartbeat(NodeInfo node);

    /** Nodes whose last heartbeat is at most {@code within} old, by node id. */
    List<NodeInfo> live(Duration within);

    /** Removes the node's row (an orderly shutdown); true if it was there. */
    boolean leave(String nodeId);
}
