package dev.herald.server.sse;

import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /sse/events} for clients that cannot use WebSocket. */
class SseTest {
    static TestServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An open stream whose lines are collected as they arrive. */
    record Stream(HttpResponse<InputStream> response, List<String> lines) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            response.body().close();
        }
    }

    private static Stream open(String query, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.http() + "/sse/events" + query))
                .header("Authorization", "Bearer " + server.token("sse-user"));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // stream closed
            }
        });
        t.setDaemon(true);
        t.start();
        Eventually.until("the stream is open", () -> lines.contains(": connected"));
        return new Stream(r, lines);
    }

    @Test
    void eventsArriveWithSeqAsIdTypeAsEventAndTheJsonAsData() throws Exception {
        try (Stream s = open("?types=sse.one", null)) {
            assertThat(s.response().headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            server.api().publishEvent("sse.other", "{}");
            long seq = server.api().publishEvent("sse.one", "{\"k\":\"v\"}").json().path("events").get(0).path("seq").asLong();
            Eventually.until("the event arrives", () -> s.lines().contains("event: sse.one"));
            int i = s.lines().indexOf("event: sse.one");
            assertThat(s.lines().get(i - 1)).isEqualTo("id: " + seq);
            assertThat(s.lines().get(i + 1)).startsWith("data: {\"type\":\"sse.one\"").contains("\"k\":\"v\"");
            assertThat(s.lines()).doesNotContain("event: sse.other");
        }
    }

    @Test
    void lastEventIdReplaysWhatWasMissed() throws Exception {
        long first = server.api().publishEvent("sse.replay", "{\"n\":1}").json().path("events").get(0).path("seq").asLong();
        server.api().publishEvent("sse.replay", "{\"n\":2}");
        try (Stream s = open("?types=sse.replay", Long.toString(first))) {
            Eventually.until("the missed event is replayed", () -> s.lines().contains("id: " + (first + 1)));
            assertThat(s.lines()).doesNotContain("id: " + first);
        }
    }

    @Test
    void aMissingOrBadTokenIs401WithTheErrorShape() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.http() + "/sse/events?token=nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("\"code\":\"unauthorized\"");
    }

    @Test
    void aBadTypesFilterIs400() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.http() + "/sse/events?types=Bad%20Type"))
                .header("Authorization", "Bearer " + server.token("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
    }
}
