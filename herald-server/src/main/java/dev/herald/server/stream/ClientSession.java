package dev.herald.server.stream;

/** A long-lived client connection (WebSocket or SSE), checked periodically on its event loop. */
public interface ClientSession {

    /** Periodic check on the session's event loop: keep-alives, token expiry, dead peers. */
    void tick(long nowNanos);

    /** Ends the session because the server is shutting down. */
    void shutdown();

    /** Completes once the connection is gone (closed by either side). */
    io.vertx.core.Future<Void> whenGone();
}
