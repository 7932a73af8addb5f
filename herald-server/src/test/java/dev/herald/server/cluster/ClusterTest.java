package dev.herald.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.TestCluster;
import dev.herald.server.testkit.WsClient;
import dev.herald.testkit.PostgresProcess;
import dev.herald.testkit.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes on one PostgreSQL and one Redis behave as one Herald: any node accepts publishes and
 * connections, every subscriber gets each tenant's events once and in seq order whichever node published
 * them, ids are idempotent across nodes, and recovery on any node covers every node's events.
 */
class ClusterTest {
    static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(PostgresProcess.shared().createDatabase(), RedisProcess.shared().url(), 3, Map.of());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static WsClient ready(WsClient c) {
        c.send("{\"action\":\"ping\"}");
        c.nextOfType("pong");
        return c;
    }

    private static long seqOf(HttpApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().path("events").get(0).path("seq").asLong();
    }

    @Test
    void anEventPublishedOnOneNodeReachesSubscribersOnEveryNode() {
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(ready(cluster.connect(i, "/ws/events", "watcher" + i)));
            }
            long seq = seqOf(cluster.api(0).publishEvent("hello.cluster", "{\"from\":\"node1\"}"));
            for (WsClient c : clients) {
                JsonNode m = c.nextOfType("hello.cluster");
                assertThat(m.path("seq").asLong()).isEqualTo(seq);
                assertThat(m.path("data").path("from").asText()).isEqualTo("node1");
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void threeHundredEventsPublishedOnThreeNodesAtOnceReachEverySubscriberOnceInSeqOrder() throws Exception {
        List<WsClient> clients = new ArrayList<>();
        ExecutorService publishers = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(ready(cluster.connect(i, "/ws/events", "burst" + i)));
                clients.get(i).send("{\"action\":\"subscribe\",\"event_types\":[\"burst\"]}");
                clients.get(i).nextOfType("subscribed");
            }
            List<Future<List<Long>>> accepted = new ArrayList<>();
            for (int node = 0; node < 3; node++) {
                HttpApiClient api = cluster.api(node);
                accepted.add(publishers.submit(() -> {
                    List<Long> seqs = new ArrayList<>();
                    for (int n = 0; n < 100; n++) {
                        seqs.add(seqOf(api.publishEvent("burst", "{\"n\":" + n + "}")));
                    }
                    return seqs;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> f : accepted) {
                all.addAll(f.get());
            }
            assertThat(all).hasSize(300);
            for (WsClient c : clients) {
                List<Long> got = new ArrayList<>();
                while (got.size() < 300) {
                    got.add(c.nextOfType("burst").path("seq").asLong());
                }
                assertThat(got).isSorted().doesNotHaveDuplicates();
                assertThat(new HashSet<>(got)).isEqualTo(all);
            }
        } finally {
            publishers.shutdownNow();
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void theSameIdPublishedOnTwoNodesAtOnceIsAcceptedOnce() {
        for (int round = 0; round < 10; round++) {
            String body = "{\"id\":\"evt_same_" + round + "\",\"type\":\"dup\",\"data\":{}}";
            CompletableFuture<HttpApiClient.Response> a = CompletableFuture.supplyAsync(() -> cluster.api(0).publish(body));
            CompletableFuture<HttpApiClient.Response> b = CompletableFuture.supplyAsync(() -> cluster.api(1).publish(body));
            JsonNode ea = a.join().json().path("events").get(0);
            JsonNode eb = b.join().json().path("events").get(0);
            assertThat(ea.path("seq").asLong()).isEqualTo(eb.path("seq").asLong());
            assertThat(List.of(ea.path("duplicate").asBoolean(), eb.path("duplicate").asBoolean()))
                    .containsExactlyInAnyOrder(true, false);
        }
    }

    @Test
    void recoveryOnAnyNodeCoversEventsPublishedOnEveryNode() {
        long first = seqOf(cluster.api(0).publishEvent("recover.me", "{\"on\":1}"));
        seqOf(cluster.api(1).publishEvent("recover.me", "{\"on\":2}"));
        long last = seqOf(cluster.api(0).publishEvent("recover.me", "{\"on\":1}"));
        try (WsClient c = cluster.connect(2, "/ws/events?since=" + (first - 1), "resumer")) {
            List<Long> got = new ArrayList<>();
            while (got.isEmpty() || got.get(got.size() - 1) < last) {
                got.add(c.nextOfType("recover.me").path("seq").asLong());
            }
            assertThat(got).containsExactly(first, first + 1, last);
        }
        JsonNode page = cluster.api(2).get("/api/v1/events?since=" + (first - 1)).json();
        assertThat(page.path("events").size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theClusterApiListsEveryLiveNodeWithItsConnections() {
        try (WsClient c = ready(cluster.connect(1, "/ws/events", "counted"))) {
            Eventually.until("three live nodes, node2 counting its connection", Duration.ofSeconds(15), () -> {
                JsonNode nodes = cluster.api(0).get("/api/v1/cluster").json().path("nodes");
                if (nodes.size() != 3) {
                    return false;
                }
                for (JsonNode n : nodes) {
                    if (n.path("node_id").asText().equals("node2")) {
                        return n.path("connections").asLong() >= 1;
                    }
                }
                return false;
            });
        }
        assertThat(new HttpApiClient(cluster.http(0), null).get("/api/v1/cluster").status()).isEqualTo(401);
    }
}
