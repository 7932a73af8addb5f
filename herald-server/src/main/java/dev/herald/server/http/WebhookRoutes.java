package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.json.Json;
import dev.herald.core.store.ApiKey;
import dev.herald.core.webhook.DeliveryStatus;
import dev.herald.server.ServerContext;
import dev.herald.server.config.Durations;
import dev.herald.server.webhook.EndpointSpec;
import dev.herald.server.webhook.WebhookService;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The webhook API (admin key, tenant-scoped): endpoints, secret rotation, delivery logs, manual retry and
 * recovery. The service blocks (SQLite, DNS), so each call runs on a worker thread.
 */
public final class WebhookRoutes {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 250;
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final WebhookService service;

    private WebhookRoutes(WebhookService service) {
        this.service = service;
    }

    /** @param bodies reads request bodies, mounted here after the admin-key check */
    public static void mount(Router router, ServerContext ctx, RequestBodies bodies) {
        mount(router, ctx, bodies, "/api/v1", ApiKeyAuth.require(ctx.apiKeys(), ApiKey.Scope.ADMIN));
    }

    /**
     * The same routes under {@code prefix}, behind {@code auth}, which must let a request through only with an admin
     * key set ({@link ApiKeyAuth#admit}): the dashboard mounts them under its session this way.
     */
    public static void mount(Router router, ServerContext ctx, RequestBodies bodies, String prefix,
                             io.vertx.core.Handler<RoutingContext> auth) {
        WebhookRoutes r = new WebhookRoutes(ctx.webhooks().service());
        // Endpoint settings are small; the low limit also keeps their inline JSON parsing short on the event loop.
        RequestBodies small = bodies.atMost(MAX_BODY_BYTES);
        small.read(router.route(prefix + "/webhooks*").handler(auth));
        small.read(router.route(prefix + "/deliveries/*").handler(auth));
        router.post(prefix + "/webhooks").handler(r::create);
        router.get(prefix + "/webhooks").handler(r::list);
        router.get(prefix + "/webhooks/:id").handler(r::get);
        router.patch(prefix + "/webhooks/:id").handler(r::update);
        router.delete(prefix + "/webhooks/:id").handler(r::delete);
        router.post(prefix + "/webhooks/:id/rotate-secret").handler(r::rotate);
        router.post(prefix + "/webhooks/:id/rotate-secret/complete").handler(r::completeRotation);
        router.get(prefix + "/webhooks/:id/deliveries").handler(r::deliveries);
        router.post(prefix + "/webhooks/:id/recover").handler(r::recover);
        router.get(prefix + "/deliveries/:id").handler(r::delivery);
        router.post(prefix + "/deliveries/:id/retry").handler(r::retry);
    }

    private void create(RoutingContext rc) {
        EndpointSpec spec = EndpointSpec.parseCreate(jsonBody(rc, true));
        blocking(rc, 201, () -> service.create(tenant(rc), spec), WebhookJson::created);
    }

    private void list(RoutingContext rc) {
        blocking(rc, 200, () -> service.list(tenant(rc)), WebhookJson::endpoints);
    }

    private void get(RoutingContext rc) {
        blocking(rc, 200, () -> service.get(tenant(rc), rc.pathParam("id")), WebhookJson::endpoint);
    }

    private void update(RoutingContext rc) {
        EndpointSpec.Patch patch = EndpointSpec.Patch.parse(jsonBody(rc, true));
        blocking(rc, 200, () -> service.update(tenant(rc), rc.pathParam("id"), patch), WebhookJson::endpoint);
    }

    private void delete(RoutingContext rc) {
        rc.vertx().executeBlocking(() -> {
            service.delete(tenant(rc), rc.pathParam("id"));
            return null;
        }, false).onSuccess(v -> rc.response().setStatusCode(204).end()).onFailure(rc::fail);
    }

    private void rotate(RoutingContext rc) {
        JsonNode body = jsonBody(rc, false);
        Duration overlap = WebhookService.DEFAULT_OVERLAP;
        if (body != null && body.has("overlap")) {
            JsonNode o = body.get("overlap");
            overlap = o.isTextual() ? Durations.parse(o.asText()) : null;
            if (overlap == null) {
                throw new HeraldException(ErrorCode.INVALID_REQUEST, "overlap must be a duration such as \"24h\" or \"0\"", "overlap");
            }
        }
        Duration chosen = overlap;
        blocking(rc, 200, () -> service.rotate(tenant(rc), rc.pathParam("id"), chosen), WebhookJson::rotated);
    }

    private void completeRotation(RoutingContext rc) {
        blocking(rc, 200, () -> service.completeRotation(tenant(rc), rc.pathParam("id")), WebhookJson::endpoint);
    }

    private void deliveries(RoutingContext rc) {
        String s = rc.request().getParam("status");
        DeliveryStatus status = s == null || s.isEmpty() ? null : DeliveryStatus.fromWireName(s.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new HeraldException(ErrorCode.INVALID_REQUEST,
                        "status must be one of pending, succeeded, failed", "status"));
        int limit = limit(rc.request().getParam("limit"));
        String cursor = rc.request().getParam("cursor");
        String c = cursor == null || cursor.isEmpty() ? null : cursor;
        blocking(rc, 200, () -> service.deliveries(tenant(rc), rc.pathParam("id"), status, limit, c), WebhookJson::page);
    }

    private void delivery(RoutingContext rc) {
        blocking(rc, 200, () -> service.delivery(tenant(rc), rc.pathParam("id")), WebhookJson::delivery);
    }

    private void retry(RoutingContext rc) {
        blocking(rc, 202, () -> service.retry(tenant(rc), rc.pathParam("id")), WebhookJson::delivery);
    }

    private void recover(RoutingContext rc) {
        JsonNode body = jsonBody(rc, true);
        JsonNode since = body.get("since");
        Instant from;
        try {
            if (since == null || !since.isTextual()) {
                throw new DateTimeParseException("absent", "", 0);
            }
            from = OffsetDateTime.parse(since.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new HeraldException(ErrorCode.INVALID_REQUEST, "since is required: an RFC 3339 time", "since");
        }
        blocking(rc, 202, () -> service.recover(tenant(rc), rc.pathParam("id"), from), n -> Map.of("recovering", n));
    }

    private static int limit(String s) {
        if (s == null || s.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new HeraldException(ErrorCode.INVALID_REQUEST, "limit must be an integer in [1, " + MAX_LIMIT + "]", "limit");
    }

    private static String tenant(RoutingContext rc) {
        return ApiKeyAuth.of(rc).tenant();
    }

    /** The request's JSON body; null when absent and not {@code required}. */
    private static JsonNode jsonBody(RoutingContext rc, boolean required) {
        Buffer body = rc.body().buffer();
        if (body == null || body.length() == 0) {
            if (required) {
                throw new HeraldException(ErrorCode.INVALID_JSON, "request body is empty");
            }
            return null;
        }
        JsonNode node = Json.parseOrNull(body.toString());
        if (node == null) {
            throw new HeraldException(ErrorCode.INVALID_JSON, "request body is not valid JSON");
        }
        return node;
    }

    private static <T> void blocking(RoutingContext rc, int status, Callable<T> work, Function<T, Object> render) {
        rc.vertx().executeBlocking(work, false)
                .onSuccess(result -> rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                        .end(Json.write(render.apply(result))))
                .onFailure(rc::fail);
    }
}
