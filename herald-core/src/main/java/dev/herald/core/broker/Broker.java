package dev.herald.core.broker;

import dev.herald.core.hub.Frame;

import java.util.function.Consumer;

/**
 * Moves frames between Herald nodes. It knows nothing of connections: each node hands what it receives to
 * its own {@link dev.herald.core.hub.Hub}.
 *
 * <p>Guarantee: frames published from one thread reach every node's sink in that order. Delivery to other
 * nodes is best-effort (a node that misses frames recovers them from history by seq).
 */
public interface Broker extends AutoCloseable {

    /** Starts delivering every frame published on any node, this one included, to {@code localSink}. */
    void start(Consumer<Frame> localSink);

    /** Sends {@code frame} to every node. Never blocks on the network. */
    void publish(Frame frame);

    /** False while the broker cannot reach its peers (the node then reports itself degraded). */
    boolean healthy();

    /** {@code memory} or {@code redis}, as reported by {@code /ws/health}. */
    String kind();

    @Override
    void close();
}
