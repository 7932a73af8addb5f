package dev.herald.core.broker;

import dev.herald.core.hub.Frame;

import java.util.List;
import java.util.function.Consumer;

/**
 * Moves frames between Herald nodes. It knows nothing of connections: each node hands what it receives to
 * its own {@link dev.herald.core.hub.Hub}.
 *
 * <p>Guarantee: frames published from one thread reach every node's sink in that order. Delivery to other
 * nodes is best-effort (a node that misses frames recovers them from history by seq).
 */
public interface Broker extends AutoCloseable {

    /** Starts delivering every batch of frames published on any node, this one included, to {@code localSink}. */
    void start(Consumer<List<Frame>> localSink);

    /** Sends a batch of frames, in order, to every node. Never blocks on the network. */
    void publish(List<Frame> frames);

    default void publish(Frame frame) {
        publish(List.of(frame));
    }

    /** False while the broker cannot reach its peers (the node then reports itself degraded). */
    boolean healthy();

    /**
     * Runs {@code hook} each time the broker becomes healthy again after a period of not being healthy, on a
     * broker thread (hand long work, such as reading the store, to another executor). Frames other nodes
     * published meanwhile may never arrive: this is the moment to fill gaps from the store. A broker that is
     * never unhealthy never runs it. Set before {@link #start}.
     */
    default void onReconnected(Runnable hook) {
    }

    /** {@code memory} or {@code redis}, as reported by {@code /ws/health}. */
    String kind();

    @Override
    void close();
}
