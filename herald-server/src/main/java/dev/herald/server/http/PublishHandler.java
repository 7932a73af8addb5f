package dev.herald.server.http;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.event.NewEvent;
import dev.herald.core.json.Json;
import dev.herald.core.store.AppendResult;
import dev.herald.server.ServerContext;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** {@code POST /api/v1/events}: one event or a batch, all or nothing; 202 once durable and visible. */
public final class PublishHandler implements Handler<RoutingContext> {
    /** Above this a body is parsed off the event loop; below it the hop to a worker costs more than the parse. */
    static final int INLINE_PARSE_BYTES = 64 * 1024;
    private final ServerContext ctx;

    public PublishHandler(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(RoutingContext rc) {
        String tenant = ApiKeyAuth.of(rc).tenant();
        Buffer body = rc.body().buffer();
        if (body == null || body.length() == 0) {
            reject(rc, new HeraldException(ErrorCode.INVALID_JSON, "request body is empty"));
            return;
        }
        parse(rc, body.getBytes()).onComplete(parsed -> {
            if (parsed.failed()) {
                if (parsed.cause() instanceof HeraldException e) {
                    reject(rc, e);
                } else {
                    rc.fail(parsed.cause());
                }
                return;
            }
            // Back on this event loop, and never later than store.timeout: past it the answer is 503 and the
            // publisher retries with the same ids (a late commit then answers duplicate: true).
            long timeoutMs = ctx.config().cluster().storeTimeout().toMillis();
            Future.fromCompletionStage(ctx.publisher().publish(tenant, parsed.result())
                            .toCompletableFuture().orTimeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS),
                    rc.vertx().getOrCreateContext()).onComplete(ar -> {
                if (ar.failed()) {
                    rc.fail(ar.cause());
                    return;
                }
                rc.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                        .end(body(ar.result()));
            });
        });
    }

    /**
     * Small bodies (nearly all) are parsed in place; a large one on a worker, since parsing megabytes takes
     * long enough to stall every other connection of this event loop. The result comes back on the loop.
     */
    private Future<List<NewEvent>> parse(RoutingContext rc, byte[] raw) {
        if (raw.length > INLINE_PARSE_BYTES) {
            return rc.vertx().executeBlocking(() -> ctx.parser().parseBody(raw), false);
        }
        try {
            return Future.succeededFuture(ctx.parser().parseBody(raw));
        } catch (HeraldException e) {
            return Future.failedFuture(e);
        }
    }

    private void reject(RoutingContext rc, HeraldException e) {
        ctx.metrics().publishRejected();
        ErrorResponses.send(rc, e);
    }

    /**
     * {@code {"accepted":n,"events":[{"id":…,"seq":n,"duplicate":false},…]}}, written directly: through a map and
     * Jackson it was a twelfth of the event loop's samples in a JFR profile of {@code bench/run.sh publish} (issue #15).
     */
    static String body(List<AppendResult> results) {
        int accepted = 0;
        for (AppendResult r : results) {
            if (!r.duplicate()) {
                accepted++;
            }
        }
        StringBuilder sb = new StringBuilder(32 + results.size() * 72);
        sb.append("{\"accepted\":").append(accepted).append(",\"events\":[");
        for (int i = 0; i < results.size(); i++) {
            AppendResult r = results.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":").append(Json.quote(r.id())).append(",\"seq\":").append(r.seq())
                    .append(",\"duplicate\":").append(r.duplicate()).append('}');
        }
        return sb.append("]}").toString();
    }
}
