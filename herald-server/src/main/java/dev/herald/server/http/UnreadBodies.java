package dev.herald.server.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * An answer sent before the request's body was read (401, 413, 415): the rest of that body is dropped as it
 * arrives and the HTTP/1 connection is closed once it ends, or after {@link #GRACE_MS}. Closing at once could
 * reset the connection before the client has read the answer; keeping it open would leave the refused upload
 * parked in the connection's buffers.
 */
final class UnreadBodies {
    static final long GRACE_MS = 2_000;

    private UnreadBodies() {
    }

    /** True when the request still has body bytes to come; call before ending the response. */
    static boolean pending(RoutingContext rc) {
        return !rc.request().isEnded();
    }

    /** Call before the response is ended: announces the close. */
    static void announceClose(RoutingContext rc) {
        if (rc.request().version() != HttpVersion.HTTP_2 && !rc.response().headWritten()) {
            rc.response().putHeader("Connection", "close");
        }
    }

    /** Call after the response is ended: discards the rest of the body, then closes. */
    static void discardAndClose(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        if (req.isEnded()) {
            closeConnection(req);
            return;
        }
        long timer = rc.vertx().setTimer(GRACE_MS, id -> closeConnection(req));
        req.handler(ignored -> { });
        req.exceptionHandler(ignored -> { });
        req.endHandler(v -> {
            rc.vertx().cancelTimer(timer);
            closeConnection(req);
        });
        req.resume();
    }

    private static void closeConnection(HttpServerRequest req) {
        if (req.version() != HttpVersion.HTTP_2) {
            req.connection().close();
        }
    }
}
