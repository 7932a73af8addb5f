package dev.herald.server.client;

import dev.herald.client.HeraldClient;
import dev.herald.client.HeraldEvent;
import dev.herald.client.Status;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java client against a real Herald: subscriptions, /ws/{user}, since. */
class SubscribeTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HeraldClient client(String path, String sub) {
        return HeraldClient.builder(URI.create(server.ws() + path)).token(server.token(sub)).build();
    }

    private long publish(String type, String data) {
        return server.api().publishEvent(type, data).json().path("events").get(0).path("seq").asLong();
    }

    @Test
    void eachHandlerGetsItsTypesAndClosingTheLastHandlerOfATypeStopsIt() throws Exception {
        List<String> a = new CopyOnWriteArrayList<>();
        List<String> all = new CopyOnWriteArrayList<>();
        try (HeraldClient client = client("/ws/events", "sub-a")) {
            AutoCloseable onA = client.subscribe("sub.a", e -> a.add(e.data().path("n").asText()));
            client.subscribe("sub.b", e -> all.add(e.type()));
            Eventually.until("open", client::connected);
            // The server's subscribed reply is ordered before later events; a marker proves the filter is in place.
            awaitFilter(client, all, "sub.b");
            publish("sub.a", "{\"n\":1}");
            publish("sub.c", "{}");
            long last = publish("sub.b", "{}");
            Eventually.until("sub.b arrives", () -> all.size() == 2);
            assertThat(a).containsExactly("1");
            onA.close();
            awaitFilter(client, all, "sub.b");
            publish("sub.a", "{\"n\":2}");
            long marker = publish("sub.b", "{}");
            Eventually.until("the marker arrives", () -> client.lastSeq().orElse(0) == marker);
            assertThat(a).containsExactly("1");
            assertThat(last).isLessThan(marker);
        }
    }

    /** Publishes {@code type} until one arrives, so the server's filter is known to be applied. */
    private void awaitFilter(HeraldClient client, List<String> seen, String type) {
        int before = seen.size();
        long seq = publish(type, "{}");
        Eventually.until("filter applied", () -> seen.size() > before && client.lastSeq().orElse(0) >= seq);
    }

    @Test
    void theUserStreamDeliversTargetedEventsAndSinceReplaysWhatCameBefore() {
        long first = publish("user.note", "{\"n\":0}");
        server.api().publish("{\"type\":\"user.note\",\"user\":\"ulla\",\"data\":{\"n\":1}}");
        server.api().publish("{\"type\":\"user.note\",\"user\":\"someone-else\",\"data\":{\"n\":2}}");
        List<HeraldEvent> got = new CopyOnWriteArrayList<>();
        try (HeraldClient client = HeraldClient.builder(URI.create(server.ws() + "/ws/ulla"))
                .token(server.token("ulla")).since(first - 1).build()) {
            client.subscribe("user.note", got::add);
            Eventually.until("both replayed", () -> got.size() == 2);
            assertThat(got).extracting(e -> e.data().path("n").asInt()).containsExactly(0, 1);
            assertThat(got.get(0).json()).contains("\"seq\":" + first);
            server.api().publish("{\"type\":\"user.note\",\"user\":\"ulla\",\"data\":{\"n\":3}}");
            Eventually.until("live", () -> got.size() == 3);
            assertThat(client.status()).isEqualTo(Status.State.OPEN);
        }
    }

    @Test
    void closingLeavesNoThreadAndReportsClosed() {
        List<Status> statuses = new CopyOnWriteArrayList<>();
        HeraldClient client = HeraldClient.builder(URI.create(server.ws() + "/ws/events"))
                .token(server.token("closer")).onStatus(statuses::add).build();
        Eventually.until("open", client::connected);
        client.close();
        assertThat(statuses).extracting(Status::state)
                .containsExactly(Status.State.CONNECTING, Status.State.OPEN, Status.State.CLOSED);
        Threads.awaitNoneLeft(Duration.ofSeconds(10));
        Eventually.until("server sees it gone", () ->
                server.api(null).get("/ws/health").json().path("by_endpoint").path("/ws/events").asInt() == 0);
    }
}
