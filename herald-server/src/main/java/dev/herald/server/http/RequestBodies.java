package dev.herald.server.http;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Locale;

/**
 * Reads a request body only once the caller is known and the body is acceptable: mount it after the route's
 * authentication. A body must be {@code application/json} (415), and it is refused with 413 by its
 * {@code Content-Length} before a byte is read, or as soon as it streams past the limit — so an unauthenticated
 * or oversized upload never costs more memory than the limit.
 */
public final class RequestBodies {
    private final int maxBytes;

    public RequestBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** {@code route} checks the media type, then reads the body (at most {@code maxBytes}) into the context. */
    public Route read(Route route) {
        BodyHandler reader = BodyHandler.create(false).setBodyLimit(maxBytes).setHandleFileUploads(false);
        // Vert.x wants a BodyHandler first, so that no chunk arrives before it listens. Authentication runs
        // synchronously on the same tick, so no chunk can arrive in between; wrapped, the reader may follow it.
        return route.handler(RequestBodies::requireJson).handler(rc -> reader.handle(rc));
    }

    /** A smaller limit for the same rules, for routes whose bodies are small by nature. */
    public RequestBodies atMost(int bytes) {
        return new RequestBodies(Math.min(maxBytes, bytes));
    }

    private static void requireJson(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        if (hasBody(req) && !isJson(req.getHeader("Content-Type"))) {
            ErrorResponses.send(rc, new HeraldException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json"));
            return;
        }
        rc.next();
    }

    /** {@code application/json}, optionally with parameters ({@code ; charset=utf-8}); not {@code application/jsonfoo}. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        return media.toLowerCase(Locale.ROOT).equals("application/json");
    }

    /** An empty POST (a retry, a rotation without options) carries no body and so needs no type. */
    private static boolean hasBody(HttpServerRequest req) {
        if (req.headers().contains("Transfer-Encoding")) {
            return true;
        }
        String length = req.getHeader("Content-Length");
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
