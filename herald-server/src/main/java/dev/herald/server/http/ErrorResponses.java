package dev.herald.server.http;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.json.Json;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the one error shape of the HTTP API: {@code {"error":{"code","detail","field"}}}. */
public final class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    public static void send(RoutingContext rc, HeraldException e) {
        send(rc, e.code(), e.detail(), e.field());
    }

    /** Sends the error; a body the request has not finished sending is not waited for (see {@link UnreadBodies}). */
    private static void send(RoutingContext rc, ErrorCode code, String detail, String field) {
        boolean unread = UnreadBodies.pending(rc);
        if (unread) {
            UnreadBodies.announceClose(rc);
        }
        send(rc.response(), code, detail, field);
        if (unread) {
            UnreadBodies.discardAndClose(rc);
        }
    }

    public static void send(HttpServerResponse response, ErrorCode code, String detail, String field) {
        if (response.ended() || response.closed()) {
            return;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.wireName());
        error.put("detail", detail);
        if (field != null) {
            error.put("field", field);
        }
        response.setStatusCode(code.httpStatus())
                .putHeader("Content-Type", "application/json")
                .end(Json.write(Map.of("error", error)));
    }

    /** The router's failure handler: known errors as themselves, anything else as a logged 500. */
    public static void handleFailure(RoutingContext rc) {
        Throwable t = rc.failure();
        if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof HeraldException he) {
            send(rc, he);
            return;
        }
        if (t instanceof dev.herald.core.error.OverloadedException o) {
            rc.response().putHeader("Retry-After", Long.toString(Math.max(1, o.retryAfter().toSeconds())));
            send(rc, ErrorCode.TOO_MANY_REQUESTS, o.getMessage(), null);
            return;
        }
        if (t instanceof dev.herald.core.store.StoreUnavailableException
                || t instanceof java.util.concurrent.TimeoutException) {
            send(rc, ErrorCode.STORE_UNAVAILABLE, "the event store does not answer; nothing was accepted, retry later", null);
            return;
        }
        int status = rc.statusCode();
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.INVALID_REQUEST;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> ErrorCode.INTERNAL;
        };
        if (code == ErrorCode.INTERNAL) {
            log.atError().setCause(t).addKeyValue("path", rc.request().path()).log("request failed");
        }
        String detail = switch (code) {
            case PAYLOAD_TOO_LARGE -> "request body is too large";
            case NOT_FOUND -> "no such resource: " + rc.request().path();
            case INTERNAL -> "internal error";
            default -> HttpStatusText.of(status);
        };
        send(rc, code, detail, null);
    }
}
