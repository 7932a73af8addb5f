package dev.herald.core.hub;

/**
 * A local connection that receives frames. All methods are called on the thread of the {@link Hub.Shard}
 * the subscriber was added to, never concurrently.
 */
public interface Subscriber {
    String tenant();

    /**
     * The user this connection belongs to: it gets that user's targeted events and the tenant's broadcasts. Null
     * for a tenant-wide watcher (the operator dashboard's feed), which gets every event of the tenant.
     */
    String user();

    /** Whether this subscriber currently wants events of {@code type} (its subscription and token allow-list). */
    boolean wants(String type);

    /**
     * Takes one frame. Must not block: a subscriber that cannot keep up drops itself (slow consumer), it
     * never slows the hub. May leave the frame buffered: returns true when this is the first frame buffered
     * since the last {@link #flush()}, and the hub then calls {@code flush()} once at the end of the batch.
     * It may remove its own {@link Hub.Member} from the shard (closing itself) but no other subscriber's.
     */
    boolean deliver(Frame frame);

    /** Pushes buffered frames to the network; called once per dispatched batch that buffered any. */
    default void flush() {
    }
}
