package dev.herald.server.ws;

import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay many times {@code limits.client_queue_bytes} is paced to the client's reading, not written in one go: a
 * reading client gets all of it and the live events published meanwhile, in seq order, once each, and stays open;
 * a client that reads nothing is still closed 4008.
 */
class PacedReplayTest {
    private static final Map<String, String> SMALL_QUEUE = Map.of("limits.client_queue_bytes", "65536",
            "limits.socket_send_buffer", "65536", "limits.close_grace", "60s");
    private static final String PAYLOAD = "{\"blob\":\"" + "x".repeat(1_200) + "\"}";
    private static final int MISSED = 1_000; // ~1.2 MB: about 19 times the queue limit

    @Test
    void aReadingClientResumingFarBackGetsTheWholeReplayThenLiveEventsInOrderAndStaysOpen() {
        try (TestServer server = TestServer.start(SMALL_QUEUE)) {
            long since = publishMissed(server);
            try (WsClient c = server.connect("/ws/events?since=" + since, server.token("reader"))) {
                long last = since + MISSED;
                for (int i = 0; i < 5; i++) { // published while the replay is being written
                    last = publishOne(server);
                }
                List<Long> seqs = new ArrayList<>();
                while (seqs.isEmpty() || seqs.get(seqs.size() - 1) < last) {
                    seqs.add(c.nextOfType("bulk").path("seq").asLong());
                }
                assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(since + 1, last).boxed().toList());
                c.send("{\"action\":\"ping\"}");
                c.nextOfType("pong");
                assertThat(c.isClosed()).as("closed: the replay was not paced").isFalse();
                assertThat(slowConsumers(server)).isZero();
            }
        }
    }

    @Test
    void aClientThatResumesAndReadsNothingIsStillClosed4008() throws IOException {
        try (TestServer server = TestServer.start(SMALL_QUEUE)) {
            long since = publishMissed(server);
            try (RawWsClient stalled = RawWsClient.connect(server.port(), "/ws/events?since=" + since,
                    server.token("stalled"), 4096)) {
                for (int i = 0; i < 2_000 && slowConsumers(server) == 0; i++) { // live events pile up behind the replay
                    publishOne(server);
                }
                Eventually.until("the stalled client is found slow", () -> slowConsumers(server) == 1);
                long dataBytes = 0;
                RawWsClient.Frame frame;
                while (!(frame = stalled.readFrame()).isClose()) {
                    dataBytes += frame.payload().length;
                }
                assertThat(frame.closeCode()).isEqualTo(4008);
                // What the kernel's buffers held, not the replay: it was never written past the client's queue.
                assertThat(dataBytes).as("event bytes read before the close").isLessThan(4 * 65536);
            }
        }
    }

    @Test
    void sseResumingFarBackWithLastEventIdGetsTheWholeReplayThenLiveEventsInOrder() throws Exception {
        try (TestServer server = TestServer.start(SMALL_QUEUE)) {
            long since = publishMissed(server);
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.http() + "/sse/events"))
                    .header("Authorization", "Bearer " + server.token("sse-reader"))
                    .header("Last-Event-ID", Long.toString(since)).build();
            // HTTP/1.1, as an EventSource on plain http: the JDK client's h2c upgrade was seen to lose the HTTP/2
            // framing on a fast 1 MB body (it read event bytes as a frame header), which is not what is tested here.
            HttpResponse<Stream<String>> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request,
                    HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> body = response.body()) {
                long last = since + MISSED;
                for (int i = 0; i < 5; i++) {
                    last = publishOne(server);
                }
                List<Long> ids = new ArrayList<>();
                Iterator<String> lines = body.iterator();
                while ((ids.isEmpty() || ids.get(ids.size() - 1) < last) && lines.hasNext()) {
                    String line = lines.next();
                    if (line.startsWith("id: ")) {
                        ids.add(Long.parseLong(line.substring(4)));
                    }
                }
                assertThat(ids).containsExactlyElementsOf(LongStream.rangeClosed(since + 1, last).boxed().toList());
                assertThat(slowConsumers(server)).isZero();
            }
        }
    }

    /** Publishes {@link #MISSED} events; returns the seq just before them. */
    private static long publishMissed(TestServer server) {
        long first = -1;
        for (int i = 0; i < MISSED / 50; i++) {
            StringBuilder batch = new StringBuilder("{\"events\":[");
            for (int j = 0; j < 50; j++) {
                batch.append(j == 0 ? "" : ",").append("{\"type\":\"bulk\",\"data\":").append(PAYLOAD).append('}');
            }
            var r = server.api().publish(batch.append("]}").toString());
            assertThat(r.status()).isEqualTo(202);
            if (first < 0) {
                first = r.json().path("events").get(0).path("seq").asLong();
            }
        }
        return first - 1;
    }

    private static long publishOne(TestServer server) {
        var r = server.api().publishEvent("bulk", PAYLOAD);
        assertThat(r.status()).isEqualTo(202);
        return r.json().path("events").get(0).path("seq").asLong();
    }

    private static long slowConsumers(TestServer server) {
        String metrics = server.api(null).get("/metrics").body();
        return metrics.lines().filter(l -> l.startsWith("herald_slow_consumer_disconnects_total "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(0);
    }
}
