package dev.herald.server.http;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.event.NewEvent;
import dev.herald.core.json.Json;
import dev.herald.core.store.AppendResult;
import dev.herald.server.ServerContext;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /api/v1/events}: one event or a batch, all or nothing; 202 once durable and visible. */
public final class PublishHandler implements Handler<RoutingContext> {
    private final ServerContext ctx;

    public PublishHandler(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(RoutingContext rc) {
        String tenant = ApiKeyAuth.of(rc).tenant();
        List<NewEvent> events;
        try {
            requireJson(rc);
            Buffer body = rc.body().buffer();
            if (body == null || body.length() == 0) {
                throw new HeraldException(ErrorCode.INVALID_JSON, "request body is empty");
            }
            events = ctx.parser().parseBody(body.getBytes());
        } catch (HeraldException e) {
            ctx.metrics().publishRejected();
            ErrorResponses.send(rc, e);
            return;
        }
        ctx.publisher().publish(tenant, events).whenComplete((results, error) -> {
            if (error != null) {
                rc.fail(error);
                return;
            }
            rc.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                    .end(Json.write(body(results)));
        });
    }

    private static void requireJson(RoutingContext rc) {
        String type = rc.request().getHeader("Content-Type");
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new HeraldException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
    }

    static Map<String, Object> body(List<AppendResult> results) {
        List<Map<String, Object>> list = new ArrayList<>(results.size());
        int accepted = 0;
        for (AppendResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("seq", r.seq());
            m.put("duplicate", r.duplicate());
            list.add(m);
            if (!r.duplicate()) {
                accepted++;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", accepted);
        out.put("events", list);
        return out;
    }
}
