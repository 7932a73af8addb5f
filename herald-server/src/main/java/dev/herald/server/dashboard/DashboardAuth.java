package dev.herald.server.dashboard;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.store.ApiKey;
import dev.herald.core.store.ApiKeyStore;
import dev.herald.server.http.ApiKeyAuth;
import dev.herald.server.http.ErrorResponses;
import dev.herald.server.http.OriginPolicy;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.Set;

/**
 * The gate in front of every {@code /dashboard} page and data call: the session cookie must name a live session
 * (pages redirect to the sign-in form, data calls answer 401); a state-changing call must carry the session's CSRF
 * token in {@value #CSRF_HEADER} and come from the dashboard's own origin (403). The key behind the session is
 * looked up again every {@link #REVERIFY_MILLIS} ms, on a worker: a revoked key ends its sessions. A let-through
 * request carries the session's key as if it had sent it, so the API's own handlers serve it for that tenant only.
 */
public final class DashboardAuth {
    public static final String COOKIE = "herald_dashboard";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final long REVERIFY_MILLIS = 30_000;
    private static final String SESSION = "herald.dashboardSession";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final DashboardSessions sessions;
    private final ApiKeyStore keys;
    private final OriginPolicy origins;

    public DashboardAuth(DashboardSessions sessions, ApiKeyStore keys, OriginPolicy origins) {
        this.sessions = sessions;
        this.keys = keys;
        this.origins = origins;
    }

    /** The live session named by the request's cookie, if any. Never blocks. */
    public Optional<DashboardSession> session(MultiMap headers) {
        return sessions.find(cookie(headers.get("Cookie")));
    }

    public static DashboardSession of(RoutingContext rc) {
        return rc.get(SESSION);
    }

    /** The route handler: see the class comment. */
    public void require(RoutingContext rc) {
        Optional<DashboardSession> found = session(rc.request().headers());
        if (found.isEmpty()) {
            refuse(rc);
            return;
        }
        DashboardSession s = found.get();
        if (!SAFE.contains(rc.request().method())) {
            if (!origins.permits(rc.request().getHeader("Origin"), rc.request().getHeader("Host"))) {
                ErrorResponses.send(rc, new HeraldException(ErrorCode.FORBIDDEN, "cross-origin request refused"));
                return;
            }
            // Sign-out is a plain form: its token comes in the body, checked by its handler.
            if (!isSignOut(rc) && !DashboardSessions.csrfMatches(s, rc.request().getHeader(CSRF_HEADER))) {
                ErrorResponses.send(rc, new HeraldException(ErrorCode.FORBIDDEN,
                        "missing or wrong CSRF token: send the session's token in " + CSRF_HEADER));
                return;
            }
        }
        if (sessions.nowMillis() - s.verifiedAtMillis() < REVERIFY_MILLIS) {
            admit(rc, s);
            return;
        }
        rc.request().pause();
        rc.vertx().executeBlocking(() -> keys.findByHash(s.keyHash())
                .filter(k -> k.revokedAt() == null && k.has(ApiKey.Scope.ADMIN)), false).onComplete(ar -> {
                    if (ar.failed()) {
                        ErrorResponses.send(rc, new HeraldException(ErrorCode.STORE_UNAVAILABLE,
                                "the key store does not answer; retry later"));
                    } else if (ar.result().isEmpty()) {
                        sessions.end(s);
                        refuse(rc);
                    } else {
                        s.verified(ar.result().get(), sessions.nowMillis());
                        admit(rc, s);
                    }
                });
    }

    private static void admit(RoutingContext rc, DashboardSession s) {
        rc.put(SESSION, s);
        ApiKeyAuth.admit(rc, s.key());
        rc.next();
    }

    private static boolean isSignOut(RoutingContext rc) {
        return rc.request().method() == HttpMethod.POST && DashboardRoutes.LOGOUT.equals(rc.request().path());
    }

    /** Pages send the browser to the sign-in form; data calls (and anything but a page read) get 401. */
    private static void refuse(RoutingContext rc) {
        String path = rc.request().path();
        boolean page = (rc.request().method() == HttpMethod.GET || rc.request().method() == HttpMethod.HEAD)
                && !path.startsWith(DashboardRoutes.API) && !path.startsWith(DashboardRoutes.ASSETS);
        if (page) {
            rc.response().setStatusCode(303).putHeader("Location", DashboardRoutes.LOGIN).end();
            return;
        }
        ErrorResponses.send(rc, new HeraldException(ErrorCode.UNAUTHORIZED,
                "no dashboard session: sign in at " + DashboardRoutes.LOGIN));
    }

    /** The session cookie's value from a {@code Cookie} header (any text a client sent), or null. */
    static String cookie(String header) {
        return value(header, COOKIE);
    }

    static String value(String header, String name) {
        if (header == null || header.length() > 8192) {
            return null;
        }
        try {
            for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
                if (c.name().equals(name)) {
                    return c.value();
                }
            }
        } catch (RuntimeException e) {
            return null; // not a cookie header a browser would send
        }
        return null;
    }
}
