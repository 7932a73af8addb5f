package dev.herald.server.stream;

import dev.herald.core.hub.Frame;

/**
 * Where a paced replay writes: one client connection. A replay writes while {@link #fits} says the client's queue has
 * room, then waits ({@link #afterDrain}) until the client has read what was written, so a replay many times
 * {@code limits.client_queue_bytes} reaches a reading client whole. All methods run on the connection's event loop.
 */
public interface ReplayOutput {

    /**
     * Whether {@code frame} can be written now without waiting for the client: true while what this replay wrote
     * leaves room under half the queue limit, and always once the client has read everything the replay wrote (then
     * the usual limit applies to the write: a client already that far behind is closed 4008).
     */
    boolean fits(Frame frame);

    /** Writes {@code frame} (perhaps unflushed); false when the connection is closed or was just closed as a slow consumer. */
    boolean send(Frame frame);

    /** Pushes what was written to the socket. */
    void flush();

    /**
     * Flushes, then runs {@code resume} on the event loop once the client has read what the replay wrote, or once the
     * connection is gone (at once, before returning, when nothing the replay wrote is still waiting).
     */
    void afterDrain(Runnable resume);
}
