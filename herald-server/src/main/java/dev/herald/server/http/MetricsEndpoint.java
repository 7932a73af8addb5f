package dev.herald.server.http;

import dev.herald.server.metrics.HeraldMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the Prometheus text, rendered on a worker thread, never on the event loop — on a one-core server
 * with 10,000 connections a scrape took 20–70 ms (2.6 ms on a warm idle one), a stall that every publish and delivery
 * of the loop waited behind (docs/benchmarks.md, round six). Scrapes that arrive while one runs share its text, so a
 * flood of requests holds one worker thread, not the pool.
 */
final class MetricsEndpoint implements Handler<RoutingContext> {
    private final HeraldMetrics metrics;

    MetricsEndpoint(HeraldMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext rc) {
        var scrape = metrics.scrapeShared(task -> rc.vertx().executeBlocking(() -> {
            task.run();
            return null;
        }, false));
        Future.fromCompletionStage(scrape, rc.vertx().getOrCreateContext())
                .onSuccess(text -> rc.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(text))
                .onFailure(rc::fail);
    }
}
