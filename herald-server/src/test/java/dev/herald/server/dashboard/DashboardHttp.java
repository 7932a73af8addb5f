package dev.herald.server.dashboard;

import dev.herald.server.testkit.TestServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain HTTP client that signs in to the dashboard as a browser would (form, cookies), without following redirects. */
final class DashboardHttp {
    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    DashboardHttp(TestServer server) {
        this(server.http());
    }

    DashboardHttp(String base) {
        this.base = base;
    }

    /** A signed-in session: its cookie header value and CSRF token. */
    record Session(String cookie, String csrf) {
    }

    HttpResponse<String> send(String method, String path, String cookie, String csrf, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, Session s) {
        return send("GET", path, s == null ? null : s.cookie(), null, null, null);
    }

    /** The sign-in form's answer to {@code key}, the form fetched first as a browser does. */
    HttpResponse<String> signInResponse(String key) {
        HttpResponse<String> form = send("GET", "/dashboard/login", null, null, null, null);
        Matcher m = FORM_TOKEN.matcher(form.body());
        if (!m.find()) {
            throw new AssertionError("no form token in the sign-in page");
        }
        String formCookie = cookie(form, DashboardLogin.FORM_COOKIE);
        return send("POST", "/dashboard/login", DashboardLogin.FORM_COOKIE + "=" + formCookie, null,
                "application/x-www-form-urlencoded",
                "csrf=" + m.group(1) + "&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
    }

    Session signIn(String key) {
        HttpResponse<String> r = signInResponse(key);
        if (r.statusCode() != 303) {
            throw new AssertionError("sign-in answered " + r.statusCode() + ": " + r.body());
        }
        String cookie = DashboardAuth.COOKIE + "=" + cookie(r, DashboardAuth.COOKIE);
        String session = send("GET", "/dashboard/api/session", cookie, null, null, null).body();
        Matcher m = Pattern.compile("\"csrf\":\"([^\"]+)\"").matcher(session);
        if (!m.find()) {
            throw new AssertionError("no csrf in " + session);
        }
        return new Session(cookie, m.group(1));
    }

    /** The value a response sets for cookie {@code name}, or null. */
    static String cookie(HttpResponse<?> r, String name) {
        return setCookie(r, name) == null ? null : setCookie(r, name).substring(name.length() + 1).split(";", 2)[0];
    }

    /** The whole {@code Set-Cookie} line for {@code name}, or null. */
    static String setCookie(HttpResponse<?> r, String name) {
        List<String> all = r.headers().allValues("Set-Cookie");
        for (String c : all) {
            if (c.startsWith(name + "=")) {
                return c;
            }
        }
        return null;
    }
}
