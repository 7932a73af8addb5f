package dev.herald.server.client;

import dev.herald.client.HeraldClient;
import dev.herald.client.Status;
import dev.herald.core.auth.TokenIssuer;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** When the client gives up, and how it keeps (or cannot keep) a token valid. */
class GiveUpAndTokensTest {

    private static String token(String sub, Duration ttl) {
        return new TokenIssuer(TestServer.JWT_SECRET).issue(sub, "default", ttl, List.of(), null);
    }

    private static HeraldClient.Builder fast(String url) {
        return HeraldClient.builder(URI.create(url)).minDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(200));
    }

    @Test
    void aServerGoneLongerThanTheBackoffAllowsEndsInFailedAfterMaxAttemptsWithNoThreadLeft() {
        Set<String> selectorsBefore = selectorThreads();
        List<Status> statuses = new CopyOnWriteArrayList<>();
        TestServer server = TestServer.start();
        HeraldClient client = fast(server.ws() + "/ws/events").token(server.token("gone")).maxAttempts(3)
                .onStatus(statuses::add).build();
        Eventually.until("open", client::connected);
        server.close();
        Eventually.until("failed", Duration.ofSeconds(15), () -> client.status() == Status.State.FAILED);
        List<Status> afterOpen = statuses.subList(2, statuses.size());
        assertThat(afterOpen).extracting(Status::state).containsExactly(Status.State.RECONNECTING,
                Status.State.RECONNECTING, Status.State.RECONNECTING, Status.State.FAILED);
        assertThat(afterOpen).extracting(Status::attempt).containsExactly(1, 2, 3, 0);
        assertThat(afterOpen.get(0).closeCode()).isEqualTo(1001);
        assertThat(afterOpen.get(3).closeCode()).isEqualTo(1006);
        Threads.awaitNoneLeft(Duration.ofSeconds(10));
        // The JDK's HTTP client keeps a selector thread until it is unreachable; the client lets go of it.
        Eventually.until("the HTTP client's selector thread is gone", Duration.ofSeconds(20), () -> {
            System.gc();
            Set<String> now = selectorThreads();
            now.removeAll(selectorsBefore);
            return now.isEmpty();
        });
        assertThat(client.connected()).isFalse();
    }

    private static Set<String> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("HttpClient-") && n.endsWith("-SelectorManager")).collect(Collectors.toSet());
    }

    @Test
    void aRefusedTokenFailsAtOnceWithoutASupplierAndAfterOneFreshTryWithOne() {
        try (TestServer server = TestServer.start()) {
            List<Status> fixed = new CopyOnWriteArrayList<>();
            HeraldClient a = fast(server.ws() + "/ws/events").token("not-a-jwt").onStatus(fixed::add).build();
            Eventually.until("failed", () -> a.status() == Status.State.FAILED);
            assertThat(fixed).extracting(Status::state).containsExactly(Status.State.CONNECTING, Status.State.FAILED);
            assertThat(fixed.get(1).closeCode()).isEqualTo(4003);

            AtomicInteger asked = new AtomicInteger();
            List<Status> supplied = new CopyOnWriteArrayList<>();
            HeraldClient b = fast(server.ws() + "/ws/events").tokenSupplier(() -> "bad-" + asked.incrementAndGet())
                    .onStatus(supplied::add).build();
            Eventually.until("failed", () -> b.status() == Status.State.FAILED);
            assertThat(supplied).extracting(Status::state).containsExactly(Status.State.CONNECTING,
                    Status.State.RECONNECTING, Status.State.FAILED);
            assertThat(asked).hasValue(2);
            Eventually.stays("no further attempt", Duration.ofMillis(500), asked::get, 2);
            Threads.awaitNoneLeft(Duration.ofSeconds(10));
        }
    }

    @Test
    void anExpiringTokenWithoutASupplierEndsInFailedWith4004() {
        try (TestServer server = TestServer.start()) {
            List<Status> statuses = new CopyOnWriteArrayList<>();
            HeraldClient c = fast(server.ws() + "/ws/events").token(token("brief", Duration.ofSeconds(2)))
                    .onStatus(statuses::add).build();
            Eventually.until("failed", Duration.ofSeconds(15), () -> c.status() == Status.State.FAILED);
            assertThat(statuses).extracting(Status::state).containsExactly(Status.State.CONNECTING,
                    Status.State.OPEN, Status.State.FAILED);
            assertThat(statuses.get(2).closeCode()).isEqualTo(4004);
            assertThat(statuses.get(2).reason()).isEqualTo("token expired");
        }
    }

    @Test
    void aSupplierKeepsTheConnectionOpenAcrossExpiriesByRefreshingInBand() {
        try (TestServer server = TestServer.start()) {
            AtomicInteger asked = new AtomicInteger();
            List<Status> statuses = new CopyOnWriteArrayList<>();
            List<String> got = new CopyOnWriteArrayList<>();
            try (HeraldClient c = fast(server.ws() + "/ws/events")
                    .tokenSupplier(() -> {
                        asked.incrementAndGet();
                        return token("renewed", Duration.ofSeconds(3));
                    })
                    .onStatus(statuses::add).build()) {
                c.subscribe("renew.tick", e -> got.add(e.id()));
                Eventually.until("open", c::connected);
                // Three tokens' lifetimes: without in-band refresh the server would have closed 4004.
                Eventually.until("four tokens asked for", Duration.ofSeconds(15), () -> asked.get() >= 4);
                server.api().publishEvent("renew.tick", "{}");
                Eventually.until("an event after the refreshes", () -> got.size() == 1);
                assertThat(statuses).extracting(Status::state).containsExactly(Status.State.CONNECTING, Status.State.OPEN);
            }
        }
    }
}
