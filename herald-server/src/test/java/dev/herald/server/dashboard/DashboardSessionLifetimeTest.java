package dev.herald.server.dashboard;

import dev.herald.core.store.ApiKey;
import dev.herald.core.store.ApiKeyStore;
import dev.herald.server.testkit.LogDir;
import dev.herald.server.testkit.MovableClock;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A real server on a clock the test moves: sessions end when idle, at their absolute limit, and when their key is revoked. */
class DashboardSessionLifetimeTest {
    private static final MovableClock CLOCK = new MovableClock();
    private static TestServer server;
    private static DashboardHttp http;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("logs.dir", LogDir.create().path().toString()), CLOCK);
        http = new DashboardHttp(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRevokedKeyEndsItsSessionsWithinTheRecheckInterval() {
        ApiKeyStore.IssuedKey issued = server.keyStore().create("default", EnumSet.of(ApiKey.Scope.ADMIN));
        DashboardHttp.Session s = http.signIn(issued.plaintext());
        DashboardHttp.Session other = http.signIn(server.adminKey());
        assertThat(http.get("/dashboard/api/webhooks", s).statusCode()).isEqualTo(200);
        assertThat(server.keyStore().revoke(issued.key().id())).isTrue();
        CLOCK.advance(Duration.ofMillis(DashboardAuth.REVERIFY_MILLIS + 1000));
        assertThat(http.get("/dashboard/api/webhooks", s).statusCode()).isEqualTo(401);
        assertThat(http.get("/dashboard/", s).statusCode()).isEqualTo(303);
        assertThat(http.get("/dashboard/api/webhooks", other).statusCode()).isEqualTo(200);
    }

    @Test
    void anIdleSessionEndsAndABusyOneEndsAtItsAbsoluteLimit() {
        DashboardHttp.Session idle = http.signIn(server.adminKey());
        DashboardHttp.Session busy = http.signIn(server.adminKey());
        for (int i = 0; i < 3; i++) {
            CLOCK.advance(DashboardSessions.IDLE.minusMinutes(10));
            assertThat(http.get("/dashboard/api/session", busy).statusCode()).isEqualTo(200);
        }
        assertThat(http.get("/dashboard/api/session", idle).statusCode()).isEqualTo(401);
        for (int i = 0; ; i++) {
            assertThat(i).as("still signed in 12 h later").isLessThan(40);
            CLOCK.advance(DashboardSessions.IDLE.minusMinutes(10));
            int status = http.get("/dashboard/api/session", busy).statusCode();
            if (status == 401) {
                break;
            }
            assertThat(status).isEqualTo(200);
        }
        assertThat(http.signIn(server.adminKey()).csrf()).isNotEmpty();
    }

    @Test
    void signingOutEndsTheSessionsOpenStreams() throws Exception {
        DashboardHttp.Session s = http.signIn(server.adminKey());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<String>> streams = new ArrayList<>();
        for (String path : new String[] {"/dashboard/api/stream/events", "/dashboard/api/stream/overview"}) {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(server.http() + path))
                    .header("Cookie", s.cookie()).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            streams.add(CompletableFuture.supplyAsync(() -> {
                try (InputStream in = r.body()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8); // until the server ends it
                } catch (IOException e) {
                    return "reset: " + e;
                }
            }));
        }
        CompletableFuture<Integer> logClose = new CompletableFuture<>();
        client.newWebSocketBuilder().header("Cookie", s.cookie()).buildAsync(URI.create(server.ws() + "/dashboard/logs/ws"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        logClose.complete(code);
                        return null;
                    }
                }).get(20, TimeUnit.SECONDS);
        LogDir.awaitSubscribers(server, 1);
        assertThat(http.send("POST", "/dashboard/logout", s.cookie(), null, "application/x-www-form-urlencoded",
                "csrf=" + s.csrf()).statusCode()).isEqualTo(303);
        for (CompletableFuture<String> stream : streams) {
            assertThat(stream.get(20, TimeUnit.SECONDS)).startsWith(": connected");
        }
        assertThat(logClose.get(20, TimeUnit.SECONDS)).isEqualTo(4003);
    }
}
