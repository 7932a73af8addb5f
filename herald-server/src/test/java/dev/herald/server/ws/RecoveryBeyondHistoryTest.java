package dev.herald.server.ws;

import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery by seq reaches past this node's in-memory history: what history no longer holds is read from the
 * store (off the event loop), joined to history without gap or repeat, while live events keep arriving.
 */
class RecoveryBeyondHistoryTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("history.size", "5"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static long publish(int n) {
        return server.api().publishEvent("old", "{\"n\":" + n + "}").json().path("events").get(0).path("seq").asLong();
    }

    @Test
    void aClientResumingFurtherBackThanHistoryGetsEveryMissedEventFromTheStoreThenLiveOnes() {
        long first = publish(0);
        for (int i = 1; i < 40; i++) {
            publish(i);
        }
        try (WsClient c = server.connect("/ws/events?since=" + first, server.token("late"))) {
            long live = server.api().publishEvent("old", "{\"n\":40}").json().path("events").get(0).path("seq").asLong();
            List<Long> seqs = new ArrayList<>();
            while (seqs.isEmpty() || seqs.get(seqs.size() - 1) < live) {
                seqs.add(c.nextOfType("old").path("seq").asLong());
            }
            assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(first + 1, live).boxed().toList());
        }
    }

    @Test
    void aSubscribeMessageWithSinceAlsoReplaysFromTheStore() {
        long first = publish(200);
        for (int i = 1; i < 20; i++) {
            publish(200 + i);
        }
        try (WsClient c = server.connect("/ws/events", server.token("subscribe-late"))) {
            // Unlike ?since= on the URL, this arrives on a detached session, outside any Vert.x dispatch.
            c.send("{\"action\":\"subscribe\",\"event_types\":[\"old\"],\"since\":" + first + "}");
            c.nextOfType("subscribed");
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 19; i++) {
                seqs.add(c.nextOfType("old").path("seq").asLong());
            }
            assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(first + 1, first + 19).boxed().toList());
        }
    }

    @Test
    void sseResumesFromTheStoreWithLastEventId() throws Exception {
        long first = publish(100);
        for (int i = 1; i < 20; i++) {
            publish(100 + i);
        }
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.http() + "/sse/events"))
                .header("Authorization", "Bearer " + server.token("sse-late"))
                .header("Last-Event-ID", Long.toString(first)).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        List<Long> ids = new ArrayList<>();
        var lines = response.body().iterator();
        while (ids.size() < 19) {
            String line = lines.next();
            if (line.startsWith("id: ")) {
                ids.add(Long.parseLong(line.substring(4)));
            }
        }
        response.body().close();
        assertThat(ids).containsExactlyElementsOf(LongStream.rangeClosed(first + 1, first + 19).boxed().toList());
    }
}
