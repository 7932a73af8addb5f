package dev.herald.broker.redis;

import dev.herald.testkit.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.broker.redis.Sink.frame;
import static dev.herald.broker.redis.Sink.until;
import static org.assertj.core.api.Assertions.assertThat;

/** Each test owns its redis-server, kills it and starts it again on the same port. */
class RedisBrokerOutageTest {
    private static final Duration BACK = Duration.ofSeconds(20);
    private final RedisProcess redis = new RedisProcess();
    private RedisBroker a;
    private RedisBroker b;

    @AfterEach
    void tearDown() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        redis.close();
    }

    @Test
    void whileRedisIsDownPublishingReturnsAtOnceAndDeliversLocallyAndOnceItIsBackTheHookRunsAndFanOutResumes() {
        redis.start();
        Sink sinkA = new Sink();
        Sink sinkB = new Sink();
        AtomicInteger hookA = new AtomicInteger();
        AtomicInteger hookB = new AtomicInteger();
        a = new RedisBroker(redis.url(), "node-a");
        b = new RedisBroker(redis.url(), "node-b");
        a.onReconnected(hookA::incrementAndGet);
        b.onReconnected(hookB::incrementAndGet);
        a.start(sinkA);
        b.start(sinkB);
        until("both healthy", () -> a.healthy() && b.healthy());
        a.publish(frame("before", 1));
        until("b receives from a", () -> sinkB.count(f -> "before".equals(f.tenant())) == 1);

        redis.kill();
        until("a notices", Duration.ofSeconds(10), () -> !a.healthy());
        until("b notices", Duration.ofSeconds(10), () -> !b.healthy());
        long notSentBefore = a.framesNotSent();
        long started = System.nanoTime();
        for (int seq = 1; seq <= 1000; seq++) {
            a.publish(frame("during", seq));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("1,000 publishes while Redis is down").isLessThan(Duration.ofSeconds(2));
        assertThat(sinkA.seqs("during")).as("the local sink has them all, in order")
                .hasSize(1000).isSorted().doesNotHaveDuplicates();
        assertThat(a.framesNotSent() - notSentBefore).isEqualTo(1000);
        assertThat(hookA.get()).as("no hook while down").isZero();

        redis.start();
        until("a healthy again", BACK, a::healthy);
        until("b healthy again", BACK, b::healthy);
        until("a's hook ran", () -> hookA.get() == 1);
        until("b's hook ran", () -> hookB.get() == 1);
        a.publish(frame("after", 1));
        until("b receives from a again", () -> sinkB.count(f -> "after".equals(f.tenant())) == 1);
        assertThat(sinkB.count(f -> "during".equals(f.tenant()))).as("frames not sent are left to the store").isZero();
    }

    @Test
    void aBrokerStartedWhileRedisIsDownBecomesHealthyWhenRedisComesUpAndRunsTheHook() {
        redis.start();
        redis.stop();
        AtomicInteger hook = new AtomicInteger();
        Sink sinkB = new Sink();
        a = new RedisBroker(redis.url(), "node-a");
        a.onReconnected(hook::incrementAndGet);
        long started = System.nanoTime();
        a.start(new Sink());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("start does not hang").isLessThan(Duration.ofSeconds(5));
        assertThat(a.healthy()).isFalse();
        a.publish(frame("t", 1));
        assertThat(a.framesNotSent()).isEqualTo(1);

        redis.start();
        until("a healthy", BACK, a::healthy);
        until("the hook ran", () -> hook.get() == 1);
        b = new RedisBroker(redis.url(), "node-b");
        b.start(sinkB);
        until("b healthy", b::healthy);
        a.publish(frame("t", 2));
        until("b receives from a", () -> sinkB.seqs("t").equals(List.of(2L)));
    }

    @Test
    void aGracefulRedisShutdownIsAnOutageToo() {
        redis.start();
        AtomicInteger hook = new AtomicInteger();
        a = new RedisBroker(redis.url(), "node-a");
        a.onReconnected(hook::incrementAndGet);
        a.start(new Sink());
        until("healthy", a::healthy);
        redis.stop();
        until("unhealthy", Duration.ofSeconds(10), () -> !a.healthy());
        redis.start();
        until("healthy again", BACK, a::healthy);
        until("the hook ran once", () -> hook.get() == 1);
    }
}
