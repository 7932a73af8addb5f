package dev.herald.server.client;

import dev.herald.client.HeraldClient;
import dev.herald.client.HeraldEvent;
import dev.herald.client.Status;
import dev.herald.server.testkit.Eventually;
import io.vertx.core.http.ServerWebSocket;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The client against a scripted server: what it sends, and frames Herald never sends that must not hurt it. */
class MalformedFramesTest {

    @Test
    void framesHeraldNeverSendsAreReportedAndSkippedAndTheClientKeepsDelivering() throws Exception {
        try (FakeHerald fake = new FakeHerald(ws -> { })) {
            List<HeraldEvent> got = new CopyOnWriteArrayList<>();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            List<Status> statuses = new CopyOnWriteArrayList<>();
            try (HeraldClient client = HeraldClient.builder(URI.create(fake.url("/ws/events"))).token("t")
                    .onError(errors::add).onStatus(statuses::add).build()) {
                client.subscribe("*", got::add);
                ServerWebSocket ws = fake.nextSocket();
                fake.on(ws, s -> {
                    s.writeTextMessage("not json {");
                    s.writeTextMessage("[1,2,3]");
                    s.writeTextMessage("{\"data\":{}}");
                    s.writeTextMessage("{\"type\":\"x\",\"seq\":\"seven\"}");
                    s.writeTextMessage("{\"type\":\"x\",\"seq\":-4}");
                    s.writeTextMessage("{\"type\":\"x\",\"seq\":1e400}");
                    s.writeBinaryMessage(FakeHerald.binary("{\"type\":\"x\",\"seq\":1}"));
                    s.writeTextMessage("{\"type\":\"error\"}");
                    s.writeTextMessage("{\"type\":\"recovery_failed\",\"data\":\"nope\"}");
                    s.writeTextMessage("{\"type\":\"x\",\"seq\":1,\"data\":null}");
                    s.writeTextMessage("{\"type\":\"x\",\"seq\":2,\"data\":{\"n\":2},\"id\":5}");
                    s.writeTextMessage("{\"type\":\"x\",\"seq\":1,\"data\":{}}"); // a repeat: dropped
                    s.writeTextMessage("\"x\".repeat(1)");
                    s.writeTextMessage("{\"type\":\"x\",\"seq\":3,\"data\":{\"n\":3}}");
                });
                Eventually.until("seq 3 arrives", () -> got.size() == 3);
                assertThat(got).extracting(e -> e.seq().getAsLong()).containsExactly(1L, 2L, 3L);
                assertThat(got.get(1).id()).as("a non-string id is not an id").isNull();
                assertThat(client.lastSeq()).hasValue(3);
                assertThat(client.status()).isEqualTo(Status.State.OPEN);
                assertThat(errors).hasSizeGreaterThanOrEqualTo(8);
                assertThat(statuses).extracting(Status::state).doesNotContain(Status.State.RECONNECTING);
            }
        }
    }

    @Test
    void oneSubscribeCarriesTheUnionAndTheLastHandlerOfATypeUnsubscribesIt() throws Exception {
        try (FakeHerald fake = new FakeHerald(ws -> ws.writeTextMessage("{\"type\":\"connected\"}"));
             HeraldClient client = HeraldClient.builder(URI.create(fake.url("/ws/alice"))).token("t").build()) {
            Eventually.until("open", client::connected);
            AutoCloseable a = client.subscribe("a.one", e -> { });
            AutoCloseable b = client.subscribe("b", e -> { });
            AutoCloseable b2 = client.subscribe("b", e -> { });
            b.close();
            b2.close();
            a.close();
            Eventually.until("five messages", () -> fake.received.size() == 5);
            assertThat(fake.received).containsExactly(
                    "{\"action\":\"subscribe\",\"event_types\":[]}",
                    "{\"action\":\"subscribe\",\"event_types\":[\"a.one\"]}",
                    "{\"action\":\"subscribe\",\"event_types\":[\"a.one\",\"b\"]}",
                    "{\"action\":\"unsubscribe\",\"event_types\":[\"b\"]}",
                    "{\"action\":\"unsubscribe\",\"event_types\":[\"a.one\"]}");
        }
    }

    @Test
    void manySubscribesInARowAreAllSentOneAfterTheOther() throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        try (FakeHerald fake = new FakeHerald(ws -> ws.writeTextMessage("{\"type\":\"connected\"}"));
             HeraldClient client = HeraldClient.builder(URI.create(fake.url("/ws/bob"))).token("t")
                     .onError(errors::add).build()) {
            Eventually.until("open", client::connected);
            for (int i = 0; i < 40; i++) {
                client.subscribe("t" + i, e -> { });
            }
            Eventually.until("41 subscribes", () -> fake.received.size() == 41);
            assertThat(fake.received.get(40)).contains("\"t0\"", "\"t39\"");
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void jsonPingsAreAnsweredRecoveryFailedIsAStatusAndAReconnectResubscribesTheUnionAfterTheLastSeq() throws Exception {
        try (FakeHerald fake = new FakeHerald(ws -> { })) {
            List<Status> statuses = new CopyOnWriteArrayList<>();
            try (HeraldClient client = HeraldClient.builder(URI.create(fake.url("/ws/alice?x=1"))).token("t")
                    .onStatus(statuses::add)
                    .minDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(100)).build()) {
                client.subscribe("a", e -> { });
                client.subscribe("b", e -> { });
                ServerWebSocket first = fake.nextSocket();
                fake.on(first, s -> {
                    s.writeTextMessage("{\"type\":\"recovery_failed\",\"data\":{\"from\":17}}");
                    s.writeTextMessage("{\"type\":\"a\",\"seq\":41,\"data\":{}}");
                    s.writeTextMessage("{\"type\":\"ping\",\"timestamp\":\"2026-01-01T00:00:00Z\"}");
                });
                Eventually.until("pong", () -> fake.received.contains("{\"action\":\"pong\"}"));
                assertThat(statuses).filteredOn(Status::recoveryFailed).singleElement().satisfies(s -> {
                    assertThat(s.state()).isEqualTo(Status.State.OPEN);
                    assertThat(s.recoveryFailedFrom()).hasValue(17);
                });
                fake.on(first, s -> s.close((short) 4008, "slow consumer"));
                fake.nextSocket();
                Eventually.until("re-subscribed", () -> fake.received.stream()
                        .filter(m -> m.equals("{\"action\":\"subscribe\",\"event_types\":[\"a\",\"b\"]}")).count() == 2);
                assertThat(fake.upgrades).last().isEqualTo("/ws/alice?x=1&since=41");
            }
        }
    }
}
