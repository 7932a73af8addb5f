package dev.herald.core.hub;

/**
 * A local connection that receives frames. All methods are called on the thread of the {@link Hub.Shard}
 * the subscriber was added to, never concurrently.
 */
public interface Subscriber {
    String tenant();

    /** The user this connection belongs to: it gets that user's targeted events and the tenant's broadcasts. */
    String user();

    /** Whether this subscriber currently wants events of {@code type} (its subscription and token allow-list). */
    boolean wants(String type);

    /**
     * Takes one frame. Must not block: a subscriber that cannot keep up drops itself (slow consumer), it
     * never slows the hub.
     */
    void deliver(Frame frame);
}
