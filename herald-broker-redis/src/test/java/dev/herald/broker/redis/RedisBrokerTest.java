package dev.herald.broker.redis;

import dev.herald.core.hub.Frame;
import dev.herald.testkit.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.broker.redis.Sink.frame;
import static dev.herald.broker.redis.Sink.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisBrokerTest {
    private final String tenant = "t-" + UUID.randomUUID();
    private final List<RedisBroker> brokers = new ArrayList<>();

    private RedisBroker started(String nodeId, Sink sink) {
        RedisBroker b = new RedisBroker(RedisProcess.shared().url(), nodeId + "-" + tenant);
        brokers.add(b);
        b.start(sink);
        until(nodeId + " healthy", b::healthy);
        return b;
    }

    @AfterEach
    void closeAll() {
        brokers.forEach(RedisBroker::close);
    }

    @Test
    void framesFromOtherNodesReachTheSinkOnOneThreadAndAreCounted() {
        Sink sinkB = new Sink();
        RedisBroker a = started("a", new Sink());
        RedisBroker b = started("b", sinkB);
        long published = a.messagesPublished();
        a.publish(List.of(frame(tenant, 1), frame(tenant + "-other", 1), frame(tenant, 2)));
        until("b has all three", () -> sinkB.count(f -> f.tenant().startsWith(tenant)) == 3);
        assertThat(sinkB.threads()).isEqualTo(Set.of("herald-redis-inbound"));
        assertThat(sinkB.seqs(tenant)).containsExactly(1L, 2L);
        until("one message per tenant", () -> a.messagesPublished() - published == 2);
        assertThat(b.framesReceived()).isGreaterThanOrEqualTo(3);
        assertThat(a.framesNotSent()).isZero();
    }

    @Test
    void clustersOnDifferentDatabaseNumbersOfOneRedisNeverSeeEachOthersFrames() {
        Sink onDb1 = new Sink();
        Sink onDb0 = new Sink();
        RedisBroker db1 = new RedisBroker(RedisProcess.shared().url() + "/1", "db1-" + tenant);
        brokers.add(db1);
        db1.start(onDb1);
        until("db1 healthy", db1::healthy);
        RedisBroker db1b = new RedisBroker(RedisProcess.shared().url() + "/1", "db1b-" + tenant);
        brokers.add(db1b);
        Sink onDb1b = new Sink();
        db1b.start(onDb1b);
        until("db1b healthy", db1b::healthy);
        started("db0", onDb0);
        db1.publish(frame(tenant, 1));
        until("the other node on /1 has it", () -> onDb1b.seqs(tenant).equals(List.of(1L)));
        RedisBroker witness = started("db0-witness", new Sink());
        witness.publish(frame(tenant, 7));
        until("the node on /0 has /0's frame", () -> onDb0.seqs(tenant).contains(7L));
        assertThat(onDb0.seqs(tenant)).doesNotContain(1L);
        assertThat(onDb1b.seqs(tenant)).doesNotContain(7L);
    }

    @Test
    void garbageOnAHeraldChannelIsCountedAndIgnoredAndLaterFramesStillArrive() throws Exception {
        Sink sinkB = new Sink();
        RedisBroker a = started("a", new Sink());
        RedisBroker b = started("b", sinkB);
        RedisProcess.shared().command("PUBLISH herald:ev:" + tenant + " not-a-frame-message");
        RedisProcess.shared().command("PUBLISH herald:sys H\u0001\u00ff\u00ff\u00ff\u00ff\u0007");
        a.publish(frame(tenant, 1));
        until("the valid frame arrives", () -> sinkB.seqs(tenant).equals(List.of(1L)));
        assertThat(b.messagesMalformed()).isEqualTo(2);
    }

    @Test
    void theReconnectHookDoesNotRunOnAnOrdinaryStart() {
        AtomicInteger hook = new AtomicInteger();
        RedisBroker a = new RedisBroker(RedisProcess.shared().url(), "a-" + tenant);
        brokers.add(a);
        a.onReconnected(hook::incrementAndGet);
        a.start(new Sink());
        until("healthy", a::healthy);
        // the inbound thread decides transitions every 50 ms; a round trip through Redis outlasts several
        Sink sinkA2 = new Sink();
        started("witness", sinkA2);
        a.publish(frame(tenant, 1));
        until("the witness has it", () -> sinkA2.seqs(tenant).size() == 1);
        assertThat(hook.get()).isZero();
    }

    @Test
    void closingABrokerEndsEveryThreadItStarted() {
        Set<Long> before = brokerThreads();
        RedisBroker a = new RedisBroker(RedisProcess.shared().url(), "a-" + tenant);
        a.start(new Sink());
        until("healthy", a::healthy);
        assertThat(brokerThreads()).as("it has threads while running").isNotEqualTo(before);
        a.close();
        assertThat(a.healthy()).isFalse();
        until("its threads are gone", () -> before.containsAll(brokerThreads()));
    }

    private static Set<Long> brokerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && (t.getName().startsWith("herald-redis") || t.getName().startsWith("lettuce")))
                .map(Thread::getId)
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void aNodeWhoseSinkIsStuckDropsMessagesBeyondItsByteBudgetAndCatchesUpAfterwards() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Sink sinkB = new Sink();
        RedisBroker a = started("a", new Sink());
        RedisBroker b = new RedisBroker(new RedisBrokerOptions(RedisProcess.shared().url(), "b-" + tenant,
                java.time.Duration.ofSeconds(2), 10_000, 4096, java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(2)));
        brokers.add(b);
        b.start(frames -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sinkB.accept(frames);
        });
        until("b healthy", b::healthy);
        for (int seq = 1; seq <= 200; seq++) {
            a.publish(frame(tenant, seq));
        }
        until("b drops what exceeds 4 KiB", () -> b.messagesDropped() > 0);
        release.countDown();
        // The inbound queue may still be full for a moment after the release: publish until a later frame lands.
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong(1000);
        until("b gets later frames", () -> {
            a.publish(frame(tenant, next.getAndIncrement()));
            return sinkB.seqs(tenant).stream().anyMatch(seq -> seq >= 1000);
        });
        assertThat(sinkB.seqs(tenant)).as("what b kept is in order").isSorted().hasSizeLessThan(201);
    }

    @Test
    void whenRedisStallsPublishesBeyondTheInFlightCapAreNotSentAndPublishingStillReturnsAtOnce() throws Exception {
        Sink sinkA = new Sink();
        Sink sinkB = new Sink();
        RedisBroker a = new RedisBroker(new RedisBrokerOptions(RedisProcess.shared().url(), "a-" + tenant,
                java.time.Duration.ofSeconds(2), 100, 1 << 20, java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(2)));
        brokers.add(a);
        a.start(sinkA);
        RedisBroker b = started("b", sinkB);
        until("a healthy", a::healthy);
        assertThat(RedisProcess.shared().command("CLIENT PAUSE 1500 ALL")).isEqualTo("+OK");
        long started = System.nanoTime();
        for (int seq = 1; seq <= 1000; seq++) {
            a.publish(frame(tenant, seq));
        }
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(1));
        assertThat(sinkA.seqs(tenant)).hasSize(1000);
        assertThat(a.publishesInFlight()).isEqualTo(100);
        assertThat(a.framesNotSent()).isEqualTo(900);
        until("Redis answers once the pause ends", () -> a.messagesPublished() == 100 && a.publishesInFlight() == 0);
        until("b gets the first hundred", () -> sinkB.seqs(tenant).size() == 100);
        assertThat(sinkB.seqs(tenant)).isSorted().startsWith(1L).endsWith(100L);
        assertThat(b.healthy()).isTrue();
    }

    @Test
    void theUrlIsCheckedAndItsPasswordNeverShown() {
        assertThat(RedisUrl.redacted("redis://:s3cret@cache:6379/2")).isEqualTo("redis://***@cache:6379/2");
        assertThat(RedisUrl.redacted("rediss://user:s3cret@cache:6380")).isEqualTo("rediss://***@cache:6380");
        assertThat(RedisUrl.redacted("redis://cache:6379")).isEqualTo("redis://cache:6379");
        assertThatThrownBy(() -> new RedisBroker("http://:s3cret@cache:6379", "n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("s3cret");
        for (String bad : List.of("redis://:s3cret@cache:notaport", "redis://:s3cret@/0", "redis://:s3cret@cache:6379/x",
                "redis-sentinel://:s3cret@cache:26379", "redis://:s3cret@cache:6379?timeout=1s")) {
            assertThatThrownBy(() -> new RedisBroker(bad, "n")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("s3cret");
        }
        assertThat(RedisUrl.parse("redis://:s3cret@cache:6390/3", java.time.Duration.ofSeconds(1)))
                .satisfies(u -> {
                    assertThat(u.getHost()).isEqualTo("cache");
                    assertThat(u.getPort()).isEqualTo(6390);
                    assertThat(u.getDatabase()).isEqualTo(3);
                    assertThat(new String(u.getCredentialsProvider().resolveCredentials().block().getPassword())).isEqualTo("s3cret");
                    assertThat(u.isSsl()).isFalse();
                });
        assertThat(RedisUrl.parse("rediss://cache:6380", java.time.Duration.ofSeconds(1)).isSsl()).isTrue();
    }

    @Test
    void aSystemFrameTravelsOnTheSystemChannel() {
        RedisChannels db0 = new RedisChannels(0);
        assertThat(new String(db0.of(Frame.of(null, null, "system_status", 0, "{}")))).isEqualTo("herald:sys");
        assertThat(new String(db0.of(frame("acme", 1)))).isEqualTo("herald:ev:acme");
        // pub/sub ignores the database number: the names carry it, so clusters on /0 and /3 stay apart
        assertThat(new String(new RedisChannels(3).of(frame("acme", 1)))).isEqualTo("herald:3:ev:acme");
    }
}
