package dev.herald.server.http;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.event.Event;
import dev.herald.core.event.Timestamps;
import dev.herald.core.json.Json;
import dev.herald.server.ServerContext;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** {@code GET /api/v1/events?since=&limit=}: the caller's tenant stream after a seq, oldest first. */
public final class EventsQueryHandler implements Handler<RoutingContext> {
    private static final int MAX_LIMIT = 1000;
    private final ServerContext ctx;

    public EventsQueryHandler(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(RoutingContext rc) {
        String tenant = ApiKeyAuth.of(rc).tenant();
        long since;
        int limit;
        try {
            since = longParam(rc, "since", 0, 0, Long.MAX_VALUE);
            limit = (int) longParam(rc, "limit", 100, 1, MAX_LIMIT);
        } catch (HeraldException e) {
            ErrorResponses.send(rc, e);
            return;
        }
        rc.vertx().<List<Event>>executeBlocking(() -> ctx.store().readAfter(tenant, since, limit), false)
                .onSuccess(events -> rc.response().putHeader("Content-Type", "application/json").end(render(events, since)))
                .onFailure(rc::fail);
    }

    private static String render(List<Event> events, long since) {
        StringBuilder sb = new StringBuilder("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            appendFields(sb, events.get(i)).append('}');
        }
        long next = events.isEmpty() ? since : events.get(events.size() - 1).seq();
        return sb.append("],\"next_since\":").append(next).append('}').toString();
    }

    /** {@code {"id":…,"seq":n} without the closing brace, so a caller can add fields (the data is written as stored). */
    static StringBuilder appendFields(StringBuilder sb, Event e) {
        return sb.append("{\"id\":").append(Json.quote(e.id()))
                .append(",\"type\":").append(Json.quote(e.type()))
                .append(",\"user\":").append(e.user() == null ? "null" : Json.quote(e.user()))
                .append(",\"resource_type\":").append(e.resourceType() == null ? "null" : Json.quote(e.resourceType()))
                .append(",\"resource_id\":").append(e.resourceId() == null ? "null" : Json.quote(e.resourceId()))
                .append(",\"timestamp\":\"").append(Timestamps.format(e.timestamp())).append('"')
                .append(",\"data\":").append(e.dataJson())
                .append(",\"seq\":").append(e.seq());
    }

    private static long longParam(RoutingContext rc, String name, long def, long min, long max) {
        String v = rc.request().getParam(name);
        if (v == null || v.isEmpty()) {
            return def;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new HeraldException(ErrorCode.INVALID_REQUEST,
                    name + " must be an integer in [" + min + ", " + max + "]", name);
        }
    }
}
