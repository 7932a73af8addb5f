package dev.herald.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.TestCluster;
import dev.herald.server.testkit.WebhookReceiver;
import dev.herald.server.testkit.WsClient;
import dev.herald.testkit.PostgresProcess;
import dev.herald.testkit.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.herald.server.bootstrap.DevBootstrap;
import dev.herald.server.testkit.ServerProcess;
import java.nio.file.Path;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster under faults keeps its promises (SPEC §11): a Redis outage never fails a publish and loses no
 * event; a PostgreSQL outage answers 503 within {@code store.timeout}, never a 202 for what is not durable,
 * and heals; webhooks are attempted on exactly one node and each event reaches its endpoint.
 */
class ClusterFaultTest {
    RedisProcess redis;
    TestCluster cluster;

    @BeforeEach
    void start() {
        redis = new RedisProcess().start();
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        redis.close();
    }

    private static long seqOf(HttpApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().path("events").get(0).path("seq").asLong();
    }

    private static WsClient ready(WsClient c) {
        c.send("{\"action\":\"ping\"}");
        c.nextOfType("pong");
        return c;
    }

    @Test
    void redisKilledAndRestartedWhilePublishingLosesNothingAndLiveFanOutResumes() {
        cluster = TestCluster.start(PostgresProcess.shared().createDatabase(), redis.url(), 3, Map.of());
        try (WsClient onOther = ready(cluster.connect(1, "/ws/events", "far"))) {
            List<Long> accepted = new ArrayList<>();
            accepted.add(seqOf(cluster.api(0).publishEvent("outage", "{\"phase\":\"before\"}")));
            redis.kill();
            Eventually.until("node1 reports the broker degraded", Duration.ofSeconds(10), () ->
                    cluster.api(0).get("/health").json().path("status").asText().equals("degraded"));
            JsonNode wsHealth = cluster.api(0).get("/ws/health").json();
            assertThat(wsHealth.path("status").asText()).isEqualTo("degraded");
            assertThat(wsHealth.path("broker").asText()).isEqualTo("redis");
            for (int i = 0; i < 20; i++) {
                accepted.add(seqOf(cluster.api(0).publishEvent("outage", "{\"phase\":\"during\",\"n\":" + i + "}")));
            }
            redis.start();
            Eventually.until("node1 healthy again", Duration.ofSeconds(20), () ->
                    cluster.api(0).get("/health").json().path("status").asText().equals("ok"));
            accepted.add(seqOf(cluster.api(0).publishEvent("outage", "{\"phase\":\"after\"}")));
            List<Long> got = new ArrayList<>();
            while (got.size() < accepted.size()) {
                got.add(onOther.nextOfType("outage").path("seq").asLong());
            }
            assertThat(got).containsExactlyElementsOf(accepted);
        }
        try (WsClient late = cluster.connect(2, "/ws/events?since=0", "late")) {
            Set<Long> recovered = new HashSet<>();
            while (recovered.size() < 22) {
                recovered.add(late.nextOfType("outage").path("seq").asLong());
            }
            assertThat(recovered).hasSize(22);
        }
    }

    @Test
    void postgresStoppedAnswers503WithinTheStoreTimeoutThen202AgainWithNothingAcceptedLost() {
        PostgresProcess pg = PostgresProcess.create();
        pg.start();
        try {
            cluster = TestCluster.start(pg.createDatabase(), redis.url(), 2, Map.of("store.timeout", "2s"));
            Set<String> accepted = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                HttpApiClient.Response r = cluster.api(i % 2).publishEvent("pg", "{\"n\":" + i + "}");
                seqOf(r);
                accepted.add(r.json().path("events").get(0).path("id").asText());
            }
            pg.stop();
            long start = System.nanoTime();
            HttpApiClient.Response down = cluster.api(0).publishEvent("pg", "{\"n\":\"down\"}");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(down.status()).as(down.body()).isEqualTo(503);
            assertThat(down.errorCode()).isEqualTo("store_unavailable");
            assertThat(tookMs).as("answered within store.timeout (2 s) plus slack").isLessThan(6_000);
            assertThat(cluster.api(1).get("/health").status()).isEqualTo(503);
            pg.start();
            Eventually.until("publishing works again", Duration.ofSeconds(30), () ->
                    cluster.api(0).publishEvent("pg", "{\"n\":\"back\"}").status() == 202);
            // Each node notices the database's return on its own (its next probe, a fresh pooled connection).
            java.util.concurrent.atomic.AtomicReference<HttpApiClient.Response> last = new java.util.concurrent.atomic.AtomicReference<>();
            Eventually.until("publishing works again on the other node", Duration.ofSeconds(30), () ->
                    last.updateAndGet(r -> cluster.api(1).publishEvent("pg", "{\"n\":\"after\"}")).status() == 202);
            HttpApiClient.Response after = last.get();
            seqOf(after);
            accepted.add(after.json().path("events").get(0).path("id").asText());
            JsonNode page = cluster.api(1).get("/api/v1/events?since=0&limit=1000").json();
            Set<String> stored = new HashSet<>();
            page.path("events").forEach(e -> stored.add(e.path("id").asText()));
            assertThat(stored).containsAll(accepted);
        } finally {
            pg.destroy();
        }
    }

    @Test
    void anEndpointCreatedOnOneNodeGetsEachEventPublishedOnAnyNodeOnce() {
        cluster = TestCluster.start(PostgresProcess.shared().createDatabase(), redis.url(), 3, Map.of());
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            HttpApiClient.Response created = cluster.api(0).post("/api/v1/webhooks",
                    "{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"*\"]}", "application/json");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                HttpApiClient.Response r = cluster.api(i % 3).publishEvent("hooked", "{\"n\":" + i + "}");
                seqOf(r);
                ids.add(r.json().path("events").get(0).path("id").asText());
            }
            receiver.awaitRequests(30, Duration.ofSeconds(30));
            Eventually.stays("no second attempt of an answered delivery", Duration.ofMillis(1500),
                    () -> receiver.requests().size(), 30);
            Set<String> delivered = receiver.requests().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet());
            assertThat(delivered).hasSize(30);
        }
    }

    @Test
    void aNodeKilledWhileHoldingWebhookClaimsHasItsWorkFinishedByAnotherAfterTheLease(@TempDir Path dir) throws Exception {
        String pgUrl = PostgresProcess.shared().createDatabase();
        Path data = dir.resolve("node-a");
        Map<String, String> env = Map.of("HERALD_STORE", "postgres", "HERALD_POSTGRES_URL", pgUrl,
                "HERALD_BROKER", "redis", "HERALD_REDIS_URL", redis.url(), "HERALD_NODE_ID", "node-a",
                "HERALD_WEBHOOKS_TIMEOUT", "1s", "HERALD_WEBHOOKS_RETRY_SCHEDULE", "200ms,500ms,1s");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(WebhookReceiver.hang()); // node A's attempts never finish
            Set<String> accepted = new HashSet<>();
            String key;
            try (ServerProcess a = ServerProcess.start(data, env)) {
                key = DevBootstrap.savedAdminKey(data).orElseThrow();
                HttpApiClient api = new HttpApiClient(a.http(), key);
                assertThat(api.post("/api/v1/webhooks", "{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"*\"]}",
                        "application/json").status()).isEqualTo(201);
                for (int i = 0; i < 5; i++) {
                    HttpApiClient.Response r = api.publishEvent("claimed", "{\"n\":" + i + "}");
                    seqOf(r);
                    accepted.add(r.json().path("events").get(0).path("id").asText());
                }
                receiver.awaitRequests(5, Duration.ofSeconds(15)); // node A holds a claim on each
                a.kill9();
            }
            receiver.answer(WebhookReceiver.ok());
            int before = receiver.requests().size();
            cluster = TestCluster.start(pgUrl, redis.url(), 1, Map.of("node_id", "node-b"));
            // Node B may not touch node A's claims until their lease (webhooks.timeout + 10 s) has run out.
            Eventually.until("node B delivered every event node A had claimed", Duration.ofSeconds(40), () ->
                    receiver.requests().stream().skip(before).map(r -> r.header("webhook-id"))
                            .collect(Collectors.toSet()).containsAll(accepted));
        }
    }
}
