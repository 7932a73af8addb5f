package dev.herald.server.limits;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.http.ApiKeyAuth;
import dev.herald.server.http.ErrorResponses;
import dev.herald.server.metrics.HeraldMetrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code limits.publish_rate}: a token bucket per API key on {@code POST /api/v1/events} (one token per request,
 * whatever its batch size). Mounted after the key is checked and before the body is read, so a refused request
 * costs no body: {@code 429 too_many_requests} with {@code Retry-After} in seconds. Thread-safe; one per node.
 */
public final class PublishRateLimit implements Handler<RoutingContext> {
    private final HeraldMetrics metrics;
    /** The limit and its buckets, replaced together by a reload; each request reads it once. */
    private volatile State state;

    /** @param buckets one per key id: as many as there are keys publishing, never one per request or per address */
    private record State(HeraldConfig.RateLimit limit, ConcurrentHashMap<String, TokenBucket> buckets) {
    }

    public PublishRateLimit(HeraldConfig.RateLimit limit, HeraldMetrics metrics) {
        this.state = new State(limit, new ConcurrentHashMap<>());
        this.metrics = metrics;
    }

    /**
     * A new rate and burst (a configuration reload): every key starts again with a full bucket of the new size.
     * Idempotent for an unchanged limit.
     */
    public void update(HeraldConfig.RateLimit newLimit) {
        if (!newLimit.equals(state.limit())) {
            state = new State(newLimit, new ConcurrentHashMap<>());
        }
    }

    @Override
    public void handle(RoutingContext rc) {
        State s = state;
        HeraldConfig.RateLimit limit = s.limit();
        if (!limit.enabled()) {
            rc.next();
            return;
        }
        long now = System.nanoTime();
        TokenBucket bucket = s.buckets().computeIfAbsent(ApiKeyAuth.of(rc).id(),
                k -> new TokenBucket(limit.perSecond(), limit.burst(), now));
        if (bucket.tryTake(now)) {
            rc.next();
            return;
        }
        metrics.rateLimited("publish");
        rc.response().putHeader("Retry-After", Long.toString(bucket.secondsUntilNext(now)));
        ErrorResponses.send(rc, new HeraldException(ErrorCode.TOO_MANY_REQUESTS,
                "this API key is over limits.publish_rate (" + limit.perSecond() + " requests/s, burst "
                        + limit.burst() + "); retry after Retry-After seconds"));
    }
}
