package dev.herald.server.http;

import dev.herald.core.store.ApiKey;
import dev.herald.core.hub.Hub;
import dev.herald.server.ServerContext;
import dev.herald.server.dashboard.Dashboard;
import dev.herald.server.dashboard.DashboardRoutes;
import dev.herald.server.sse.SseHandler;
import dev.herald.server.stream.SessionRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** The HTTP routes of one event loop: publishing, reading history, health, metrics, API docs and the dashboard. */
public final class HttpApi {

    private HttpApi() {
    }

    public static Router router(Vertx vertx, ServerContext ctx, Hub.Shard shard, SessionRegistry sessions,
                                Dashboard dashboard) {
        Router router = Router.router(vertx);
        // Every body is read after its route's authentication, never before (RequestBodies).
        RequestBodies bodies = new RequestBodies(ctx.config().limits().maxRequestBytes());
        HealthHandlers health = new HealthHandlers(ctx);

        router.get("/health").handler(health::health);
        router.get("/ws/health").handler(health::wsHealth);
        router.get("/sse/events").handler(new SseHandler(ctx, shard, sessions));
        router.get("/metrics").handler(new MetricsEndpoint(ctx.metrics()));
        router.get("/openapi.yaml").handler(rc -> StaticDocs.serve(rc, "openapi.yaml"));
        router.get("/asyncapi.yaml").handler(rc -> StaticDocs.serve(rc, "asyncapi.yaml"));

        bodies.read(router.post("/api/v1/events").handler(ApiKeyAuth.require(ctx.apiKeys(), ApiKey.Scope.PUBLISH))
                        .handler(ctx.limiters().publish())) // refused by rate before the body is read
                .handler(new PublishHandler(ctx));
        router.get("/api/v1/events")
                .handler(ApiKeyAuth.require(ctx.apiKeys(), ApiKey.Scope.PUBLISH))
                .handler(new EventsQueryHandler(ctx));
        router.get("/api/v1/events/:id")
                .handler(ApiKeyAuth.require(ctx.apiKeys(), ApiKey.Scope.PUBLISH))
                .handler(new EventLookupHandler(ctx));
        WebhookRoutes.mount(router, ctx, bodies);
        router.get("/api/v1/cluster")
                .handler(ApiKeyAuth.require(ctx.apiKeys(), ApiKey.Scope.ADMIN))
                .handler(new ClusterHandler(ctx.membership(), ctx.config().cluster().broker(), ctx.config().cluster().store()));

        DashboardRoutes.mount(router, vertx, dashboard, shard, sessions, bodies);

        router.route().last().handler(rc -> rc.fail(404));
        router.route().failureHandler(ErrorResponses::handleFailure);
        router.errorHandler(405, ErrorResponses::handleFailure);
        router.allowForward(io.vertx.ext.web.AllowForwardHeaders.NONE);
        return router;
    }
}
