package dev.herald.server.dashboard;

import dev.herald.core.hub.Hub;
import dev.herald.core.json.Json;
import dev.herald.server.ServerContext;
import dev.herald.server.http.EventLookupHandler;
import dev.herald.server.http.EventsQueryHandler;
import dev.herald.server.http.RequestBodies;
import dev.herald.server.http.WebhookRoutes;
import dev.herald.server.stream.SessionRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code /dashboard} routes of one event loop. Everything under {@code /dashboard} but the sign-in form passes
 * {@link DashboardAuth} first; the data calls under {@value #API} are the HTTP API's own handlers, answering for
 * the session's tenant (webhooks, deliveries, events), plus the dashboard's two streams.
 */
public final class DashboardRoutes {
    static final String BASE = "/dashboard";
    static final String HOME = "/dashboard/";
    static final String LOGIN = "/dashboard/login";
    static final String LOGOUT = "/dashboard/logout";
    static final String API = "/dashboard/api/";
    static final String ASSETS = "/dashboard/assets/";
    static final int MAX_STREAMS_PER_SESSION = 8;
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private DashboardRoutes() {
    }

    public static void mount(Router router, Vertx vertx, Dashboard dashboard, Hub.Shard shard,
                             SessionRegistry registry, RequestBodies bodies) {
        ServerContext ctx = dashboard.context();
        DashboardAuth auth = dashboard.auth();
        DashboardLogin login = new DashboardLogin(dashboard.sessions(), ctx.apiKeys(), dashboard.assets());
        BodyHandler form = BodyHandler.create(false).setBodyLimit(DashboardLogin.MAX_FORM_BYTES).setHandleFileUploads(false);

        router.route(BASE + "*").handler(DashboardRoutes::headers);
        router.get(BASE).handler(rc -> { // the router takes "/dashboard/" for "/dashboard" too
            if (rc.request().path().equals(BASE)) {
                rc.response().setStatusCode(303).putHeader("Location", HOME).end();
            } else {
                rc.next();
            }
        });
        router.get(LOGIN).handler(rc -> login.form(rc, auth));
        router.post(LOGIN).handler(DashboardRoutes::requireForm).handler(rc -> form.handle(rc)).handler(login::signIn);

        router.route(BASE + "/*").handler(auth::require);
        router.get(HOME).handler(rc -> dashboard.assets().serve(rc, "index.html"));
        router.get(ASSETS + ":file").handler(rc -> dashboard.assets().serve(rc, rc.pathParam("file")));
        router.post(LOGOUT).handler(DashboardRoutes::requireForm).handler(rc -> form.handle(rc)).handler(login::signOut);
        router.get(API + "session").handler(rc -> session(rc, ctx));
        router.get(API + "stream/overview").handler(rc -> OverviewStream.open(vertx, rc.response(),
                DashboardAuth.of(rc), dashboard.sessions(), ctx.metrics().registry()));
        router.get(API + "stream/events").handler(rc -> events(rc, shard, registry, dashboard));
        router.get(API + "events").handler(new EventsQueryHandler(ctx));
        router.get(API + "events/:id").handler(new EventLookupHandler(ctx));
        WebhookRoutes.mount(router, ctx, bodies, "/dashboard/api", RoutingContext::next);
    }

    /** Every dashboard answer: never cached, never framed, scripts and connections from this origin only. */
    private static void headers(RoutingContext rc) {
        rc.response().putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store");
        rc.next();
    }

    /** Sign-in and sign-out are plain HTML forms: anything else is refused before a byte is read. */
    private static void requireForm(RoutingContext rc) {
        String type = rc.request().getHeader("Content-Type");
        String length = rc.request().getHeader("Content-Length");
        boolean empty = "0".equals(length) || (length == null && !rc.request().headers().contains("Transfer-Encoding"));
        if (!empty && (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded"))) {
            rc.response().setStatusCode(415).putHeader("Content-Type", "application/json")
                    .end("{\"error\":{\"code\":\"unsupported_media_type\",\"detail\":\"a form (application/x-www-form-urlencoded) is expected\"}}");
            return;
        }
        rc.next();
    }

    /** {@code GET /dashboard/api/session}: who is signed in, and the CSRF token the page sends back. */
    private static void session(RoutingContext rc, ServerContext ctx) {
        DashboardSession s = DashboardAuth.of(rc);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenant", s.tenant());
        m.put("key_id", s.key().id());
        m.put("csrf", s.csrf());
        m.put("expires_at", Instant.ofEpochMilli(s.createdAtMillis()).plus(DashboardSessions.ABSOLUTE).toString());
        m.put("logs_configured", ctx.config().logs().dir() != null);
        rc.response().putHeader("Content-Type", "application/json").end(Json.write(m));
    }

    private static void events(RoutingContext rc, Hub.Shard shard, SessionRegistry registry, Dashboard dashboard) {
        DashboardSession s = DashboardAuth.of(rc);
        if (!s.openStream(MAX_STREAMS_PER_SESSION)) {
            rc.response().setStatusCode(429).end();
            return;
        }
        EventFeed feed = new EventFeed(shard, rc.response(), s, dashboard.sessions(),
                dashboard.context().config().limits().clientQueueBytes());
        registry.add(feed);
        feed.start(() -> registry.remove(feed));
    }

    static void startEventStream(HttpServerResponse response) {
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("X-Accel-Buffering", "no")
                .write(": connected\n\n");
    }
}
