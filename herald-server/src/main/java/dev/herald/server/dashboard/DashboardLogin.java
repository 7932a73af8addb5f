package dev.herald.server.dashboard;

import dev.herald.core.auth.ApiKeyAuthenticator;
import dev.herald.core.id.Secrets;
import dev.herald.core.store.ApiKey;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Sign-in and sign-out. The form posts an admin API key; it is checked against the key store on a worker, and on
 * success the browser gets only a session id (an {@code HttpOnly}, {@code SameSite=Strict} cookie on
 * {@code /dashboard}). The form itself carries a one-time token matched against a cookie of its own (double
 * submit), so another site cannot sign a browser in under the attacker's key. Keys are never logged.
 */
final class DashboardLogin {
    private static final Logger log = LoggerFactory.getLogger(DashboardLogin.class);
    static final String FORM_COOKIE = "herald_dashboard_form";
    static final int MAX_FORM_BYTES = 4096;

    private final DashboardSessions sessions;
    private final ApiKeyAuthenticator keys;
    private final DashboardAssets assets;

    DashboardLogin(DashboardSessions sessions, ApiKeyAuthenticator keys, DashboardAssets assets) {
        this.sessions = sessions;
        this.keys = keys;
        this.assets = assets;
    }

    /** {@code GET /dashboard/login}: the form, or the dashboard itself for a browser already signed in. */
    void form(RoutingContext rc, DashboardAuth auth) {
        if (auth.session(rc.request().headers()).isPresent()) {
            rc.response().setStatusCode(303).putHeader("Location", DashboardRoutes.HOME).end();
            return;
        }
        page(rc, 200, null);
    }

    /** {@code POST /dashboard/login}, its form body already read. */
    void signIn(RoutingContext rc) {
        String given = rc.request().getFormAttribute("csrf");
        String expected = DashboardAuth.value(rc.request().getHeader("Cookie"), FORM_COOKIE);
        if (given == null || expected == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            page(rc, 403, "This sign-in form has expired. Please try again.");
            return;
        }
        String key = Optional.ofNullable(rc.request().getFormAttribute("key")).map(String::trim).orElse("");
        rc.vertx().executeBlocking(() -> keys.find(key).filter(k -> k.has(ApiKey.Scope.ADMIN)), false).onComplete(ar -> {
            if (ar.failed()) {
                page(rc, 503, "The key store does not answer. Please retry in a moment.");
            } else if (ar.result().isEmpty()) {
                log.atInfo().addKeyValue("remote", rc.request().remoteAddress().hostAddress())
                        .log("dashboard sign-in refused: not an admin API key");
                page(rc, 401, "That key was not accepted. Sign in with an admin API key (hk_…).");
            } else {
                ApiKey k = ar.result().get();
                DashboardSessions.Created created = sessions.create(k, Secrets.sha256Hex(key));
                log.atInfo().addKeyValue("tenant", k.tenant()).addKeyValue("key_id", k.id()).log("dashboard sign-in");
                HttpServerResponse r = rc.response();
                r.headers().add("Set-Cookie", cookie(DashboardAuth.COOKIE, created.id(), DashboardRoutes.BASE,
                        DashboardSessions.ABSOLUTE.toSeconds(), secure(rc)));
                r.headers().add("Set-Cookie", cookie(FORM_COOKIE, "", DashboardRoutes.LOGIN, 0, secure(rc)));
                r.setStatusCode(303).putHeader("Location", DashboardRoutes.HOME).end();
            }
        });
    }

    /** {@code POST /dashboard/logout}: a session and its CSRF token (form field or header) are required. */
    void signOut(RoutingContext rc) {
        DashboardSession s = DashboardAuth.of(rc);
        String token = rc.request().getFormAttribute("csrf");
        if (token == null) {
            token = rc.request().getHeader(DashboardAuth.CSRF_HEADER);
        }
        if (!DashboardSessions.csrfMatches(s, token)) {
            rc.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                    .end("{\"error\":{\"code\":\"forbidden\",\"detail\":\"missing or wrong CSRF token\"}}");
            return;
        }
        sessions.end(s);
        rc.response().headers().add("Set-Cookie", cookie(DashboardAuth.COOKIE, "", DashboardRoutes.BASE, 0,
                secure(rc)));
        rc.response().setStatusCode(303).putHeader("Location", DashboardRoutes.LOGIN).end();
    }

    /** The sign-in page with a fresh form token (and {@code error}, when not null). */
    void page(RoutingContext rc, int status, String error) {
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.randomBytes(24));
        String html = assets.text("login.html").replace("{{csrf}}", token)
                .replace("{{error}}", error == null ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>");
        rc.response().headers().add("Set-Cookie", cookie(FORM_COOKIE, token, DashboardRoutes.LOGIN, 3600,
                secure(rc)));
        rc.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
    }

    /**
     * Whether the browser reached the dashboard over TLS: Herald's own connection, or the {@code https} origin a
     * browser names on a form post when a TLS proxy stands in front of Herald. The cookies are then {@code Secure}.
     */
    static boolean secure(RoutingContext rc) {
        String origin = rc.request().getHeader("Origin");
        return rc.request().isSSL() || (origin != null && origin.regionMatches(true, 0, "https://", 0, 8));
    }

    static String cookie(String name, String value, String path, long maxAgeSeconds, boolean secure) {
        return name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
