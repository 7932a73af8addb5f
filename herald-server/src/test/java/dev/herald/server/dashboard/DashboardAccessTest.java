package dev.herald.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.json.Json;
import dev.herald.core.store.ApiKey;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's gate over plain HTTP: no page, asset, data call or stream answers without a session; a wrong key
 * cannot sign in; CSRF is required on every state change; a session sees only its key's tenant; hostile input
 * (oversized or foreign sign-in bodies, garbage cookies) is refused and leaves the server up.
 */
class DashboardAccessTest {
    private static TestServer server;
    private static DashboardHttp http;

    /** Every dashboard route but the sign-in form, with a method it answers to. */
    private static final List<String[]> ROUTES = List.of(
            new String[] {"GET", "/dashboard/"},
            new String[] {"GET", "/dashboard/anything"},
            new String[] {"GET", "/dashboard/assets/app.js"},
            new String[] {"GET", "/dashboard/assets/style.css"},
            new String[] {"GET", "/dashboard/api/session"},
            new String[] {"GET", "/dashboard/api/stream/overview"},
            new String[] {"GET", "/dashboard/api/stream/events"},
            new String[] {"GET", "/dashboard/api/events"},
            new String[] {"GET", "/dashboard/api/events/evt_01"},
            new String[] {"GET", "/dashboard/api/webhooks"},
            new String[] {"POST", "/dashboard/api/webhooks"},
            new String[] {"GET", "/dashboard/api/webhooks/wh_01"},
            new String[] {"PATCH", "/dashboard/api/webhooks/wh_01"},
            new String[] {"DELETE", "/dashboard/api/webhooks/wh_01"},
            new String[] {"POST", "/dashboard/api/webhooks/wh_01/rotate-secret"},
            new String[] {"POST", "/dashboard/api/webhooks/wh_01/rotate-secret/complete"},
            new String[] {"GET", "/dashboard/api/webhooks/wh_01/deliveries"},
            new String[] {"POST", "/dashboard/api/webhooks/wh_01/recover"},
            new String[] {"GET", "/dashboard/api/deliveries/dlv_01"},
            new String[] {"POST", "/dashboard/api/deliveries/dlv_01/retry"},
            new String[] {"POST", "/dashboard/logout"});

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = new DashboardHttp(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void noPageOrDataCallAnswersWithoutASession() {
        for (String cookie : new String[] {null, "herald_dashboard=", "herald_dashboard=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "herald_dashboard=" + "x".repeat(5000), "herald_dashboard=;;;==;\"", "a=b; herald_dashboard=%00%ff"}) {
            for (String[] route : ROUTES) {
                HttpResponse<String> r = http.send(route[0], route[1], cookie, null,
                        route[0].equals("GET") || route[0].equals("DELETE") ? null : "application/json", route[0].equals("GET") ? null : "{}");
                String what = route[0] + " " + route[1] + " with cookie " + (cookie == null ? "none" : cookie.length() > 60 ? "long" : cookie);
                boolean page = route[0].equals("GET") && !route[1].startsWith("/dashboard/api/") && !route[1].startsWith("/dashboard/assets/");
                if (page) {
                    assertThat(r.statusCode()).as(what).isEqualTo(303);
                    assertThat(r.headers().firstValue("Location")).as(what).hasValue("/dashboard/login");
                } else {
                    assertThat(r.statusCode()).as(what).isEqualTo(401);
                    assertThat(Json.parseOrNull(r.body()).path("error").path("code").asText()).as(what).isEqualTo("unauthorized");
                }
            }
        }
        assertThat(logsSocketCloseCode(null)).isEqualTo(4003);
        assertThat(logsSocketCloseCode("herald_dashboard=garbage")).isEqualTo(4003);
        assertThat(server.api(null).get("/health").status()).isEqualTo(200);
    }

    @Test
    void aWrongKeyCannotSignIn() {
        String publishOnly = server.newKey("default", ApiKey.Scope.PUBLISH);
        for (String key : new String[] {"", "hk_" + "0".repeat(40), publishOnly, server.adminKey() + "x", "x".repeat(3000)}) {
            HttpResponse<String> r = http.signInResponse(key);
            assertThat(r.statusCode()).as(key).isEqualTo(401);
            assertThat(r.body()).contains("That key was not accepted");
            assertThat(DashboardHttp.setCookie(r, DashboardAuth.COOKIE)).isNull();
        }
    }

    @Test
    void signingInSetsAStrictHttpOnlyCookieAndTheKeyNeverComesBack() {
        HttpResponse<String> r = http.signInResponse(server.adminKey());
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/dashboard/");
        String setCookie = DashboardHttp.setCookie(r, DashboardAuth.COOKIE);
        assertThat(setCookie).contains("; Path=/dashboard;").contains("; HttpOnly").contains("; SameSite=Strict")
                .doesNotContain(server.adminKey());
        DashboardHttp.Session s = http.signIn(server.adminKey());
        for (String path : new String[] {"/dashboard/", "/dashboard/api/session", "/dashboard/assets/app.js"}) {
            HttpResponse<String> page = http.get(path, s);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).doesNotContain(server.adminKey());
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path).isPresent();
        }
        assertThat(Json.parseOrNull(http.get("/dashboard/api/session", s).body()).path("tenant").asText()).isEqualTo("default");
        // Signed in, the form sends the browser on to the dashboard.
        assertThat(http.get("/dashboard/login", s).statusCode()).isEqualTo(303);
    }

    @Test
    void behindATlsProxyTheCookieIsSecure() throws Exception {
        HttpResponse<String> form = http.send("GET", "/dashboard/login", null, null, null, null);
        String token = form.body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        String formCookie = DashboardHttp.cookie(form, DashboardLogin.FORM_COOKIE);
        HttpResponse<String> r = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        URI.create(server.http() + "/dashboard/login"))
                .header("Cookie", DashboardLogin.FORM_COOKIE + "=" + formCookie)
                .header("Origin", "https://herald.example.com")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf=" + token + "&key=" + server.adminKey())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(DashboardHttp.setCookie(r, DashboardAuth.COOKIE)).endsWith("; Secure");
        assertThat(DashboardHttp.setCookie(http.signInResponse(server.adminKey()), DashboardAuth.COOKIE)).doesNotContain("Secure");
    }

    @Test
    void everyStateChangeNeedsTheSessionsCsrfToken() {
        DashboardHttp.Session s = http.signIn(server.adminKey());
        String body = "{\"url\":\"http://127.0.0.1:9/hook\",\"event_types\":[\"*\"]}";
        for (String token : new String[] {null, "", "wrong", s.csrf() + "x"}) {
            HttpResponse<String> r = http.send("POST", "/dashboard/api/webhooks", s.cookie(), token, "application/json", body);
            assertThat(r.statusCode()).as("token " + token).isEqualTo(403);
        }
        assertThat(server.api().get("/api/v1/webhooks").json().path("data")).isEmpty();
        HttpResponse<String> created = http.send("POST", "/dashboard/api/webhooks", s.cookie(), s.csrf(), "application/json", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Json.parseOrNull(created.body()).path("id").asText();
        assertThat(http.send("DELETE", "/dashboard/api/webhooks/" + id, s.cookie(), null, null, null).statusCode()).isEqualTo(403);
        assertThat(http.send("DELETE", "/dashboard/api/webhooks/" + id, s.cookie(), s.csrf(), null, null).statusCode()).isEqualTo(204);
        // A foreign origin is refused even with the token.
        assertThat(sendWithOrigin(s, "https://evil.example").statusCode()).isEqualTo(403);

        // Sign-out: without the token refused, with it the session is gone.
        assertThat(http.send("POST", "/dashboard/logout", s.cookie(), null, "application/x-www-form-urlencoded", "csrf=nope").statusCode())
                .isEqualTo(403);
        assertThat(http.get("/dashboard/api/session", s).statusCode()).isEqualTo(200);
        HttpResponse<String> out = http.send("POST", "/dashboard/logout", s.cookie(), null, "application/x-www-form-urlencoded",
                "csrf=" + s.csrf());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(DashboardHttp.setCookie(out, DashboardAuth.COOKIE)).contains("Max-Age=0");
        assertThat(http.get("/dashboard/api/session", s).statusCode()).isEqualTo(401);
    }

    @Test
    void theSignInFormNeedsItsOwnToken() {
        HttpResponse<String> r = http.send("POST", "/dashboard/login", null, null, "application/x-www-form-urlencoded",
                "key=" + server.adminKey());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(DashboardHttp.setCookie(r, DashboardAuth.COOKIE)).isNull();
        HttpResponse<String> forged = http.send("POST", "/dashboard/login", DashboardLogin.FORM_COOKIE + "=aaa", null,
                "application/x-www-form-urlencoded", "csrf=bbb&key=" + server.adminKey());
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void hostileSignInBodiesAreRefusedAndTheServerStaysUp() {
        HttpResponse<String> huge = http.send("POST", "/dashboard/login", null, null, "application/x-www-form-urlencoded",
                "key=" + "a".repeat(200_000));
        assertThat(huge.statusCode()).isEqualTo(413);
        HttpResponse<String> json = http.send("POST", "/dashboard/login", null, null, "application/json",
                "{\"key\":\"" + server.adminKey() + "\"}");
        assertThat(json.statusCode()).isEqualTo(415);
        HttpResponse<String> garbage = http.send("POST", "/dashboard/login", "herald_dashboard_form=;;=;\"x", null,
                "application/x-www-form-urlencoded", "%%%=&&&=%zz");
        assertThat(garbage.statusCode()).isEqualTo(400); // the form does not decode
        assertThat(http.signIn(server.adminKey()).csrf()).isNotEmpty();
        assertThat(server.api(null).get("/health").status()).isEqualTo(200);
    }

    @Test
    void aSessionSeesOnlyItsKeysTenant() {
        String otherAdmin = server.newKey("tenant-b", ApiKey.Scope.ADMIN, ApiKey.Scope.PUBLISH);
        JsonNode theirs = server.api(otherAdmin).post("/api/v1/webhooks",
                "{\"url\":\"http://127.0.0.1:9/b-hook\",\"event_types\":[\"*\"]}", "application/json").json();
        String theirEvent = server.api(otherAdmin).publishEvent("b.secret", "{\"n\":1}").json().path("events").get(0).path("id").asText();

        DashboardHttp.Session a = http.signIn(server.adminKey());
        String list = http.get("/dashboard/api/webhooks", a).body();
        assertThat(list).doesNotContain(theirs.path("id").asText()).doesNotContain("b-hook");
        assertThat(http.get("/dashboard/api/webhooks/" + theirs.path("id").asText(), a).statusCode()).isEqualTo(404);
        assertThat(http.get("/dashboard/api/webhooks/" + theirs.path("id").asText() + "/deliveries", a).statusCode()).isEqualTo(404);
        assertThat(http.get("/dashboard/api/events/" + theirEvent, a).statusCode()).isEqualTo(404);
        assertThat(http.get("/dashboard/api/events", a).body()).doesNotContain(theirEvent).doesNotContain("b.secret");
        assertThat(http.send("DELETE", "/dashboard/api/webhooks/" + theirs.path("id").asText(), a.cookie(), a.csrf(), null, null)
                .statusCode()).isEqualTo(404);
        assertThat(server.api(otherAdmin).get("/api/v1/webhooks/" + theirs.path("id").asText()).status()).isEqualTo(200);
        server.api(otherAdmin).delete("/api/v1/webhooks/" + theirs.path("id").asText());
    }

    private static HttpResponse<String> sendWithOrigin(DashboardHttp.Session s, String origin) {
        try {
            return HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(server.http() + "/dashboard/api/webhooks"))
                    .header("Cookie", s.cookie()).header("X-CSRF-Token", s.csrf()).header("Origin", origin)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"url\":\"http://127.0.0.1:9/h\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The close code of a {@code /dashboard/logs/ws} connection made with {@code cookie} (null: none). */
    private static int logsSocketCloseCode(String cookie) {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        b.buildAsync(URI.create(server.ws() + "/dashboard/logs/ws"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        });
        try {
            return closed.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the logs socket did not close", e);
        }
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
