package dev.herald.server.http;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.event.Event;
import dev.herald.core.json.Json;
import dev.herald.core.store.ApiKey;
import dev.herald.core.webhook.Delivery;
import dev.herald.server.ServerContext;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/events/{id}}: one event of the caller's tenant, as {@code GET /api/v1/events} shows it, and
 * where it went: {@code deliveries}, its webhook deliveries as the delivery log shows them. Deliveries carry
 * receivers' answers, so they are shown to {@code admin} keys only (a publish-only key gets the event alone). An
 * event pruned from the store, or another tenant's, is 404.
 */
public final class EventLookupHandler implements Handler<RoutingContext> {
    private final ServerContext ctx;

    public EventLookupHandler(ServerContext ctx) {
        this.ctx = ctx;
    }

    private record Found(Event event, List<Delivery> deliveries) {
    }

    @Override
    public void handle(RoutingContext rc) {
        ApiKey key = ApiKeyAuth.of(rc);
        String id = rc.pathParam("id");
        boolean admin = key.has(ApiKey.Scope.ADMIN);
        rc.vertx().executeBlocking(() -> {
            Event e = ctx.store().find(key.tenant(), id).orElseThrow(() ->
                    new HeraldException(ErrorCode.NOT_FOUND, "no event " + id + " (or it is older than the store keeps)"));
            return new Found(e, admin ? ctx.webhooks().service().deliveriesOfEvent(key.tenant(), id) : null);
        }, false).onSuccess(f -> rc.response().putHeader("Content-Type", "application/json").end(render(f)))
                .onFailure(rc::fail);
    }

    private static String render(Found f) {
        StringBuilder sb = EventsQueryHandler.appendFields(new StringBuilder(), f.event());
        if (f.deliveries() != null) {
            List<Object> deliveries = new ArrayList<>(f.deliveries().size());
            f.deliveries().forEach(d -> deliveries.add(WebhookJson.delivery(d)));
            sb.append(",\"deliveries\":").append(Json.write(deliveries));
        }
        return sb.append('}').toString();
    }
}
