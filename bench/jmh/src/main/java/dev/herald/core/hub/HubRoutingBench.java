package dev.herald.core.hub;

import dev.herald.core.event.Event;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The hub's routing cost without any I/O: one shard run inline, subscribers that only count. {@code broadcast}:
 * one event to 5,000 subscribers of a tenant (time per delivery); {@code targeted}: events to one user each among
 * 10,000 (time per routed event). What a real delivery adds (the write to the channel) is in {@link
 * dev.herald.server.ws.WireFrameBench} and the end-to-end runs of {@code bench/run.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HubRoutingBench {
    private static final int SUBSCRIBERS = 5_000;
    private static final int USERS = 10_000;

    private Hub broadcastHub;
    private Hub targetedHub;
    private Frame broadcast;
    private Frame[] targeted;
    private int next;

    /** A connection that accepts everything and counts it, as cheap as a subscriber can be. */
    static final class CountingSubscriber implements Subscriber {
        private final String user;
        long delivered;
        private boolean dirty;

        CountingSubscriber(String user) {
            this.user = user;
        }

        @Override
        public String tenant() {
            return "default";
        }

        @Override
        public String user() {
            return user;
        }

        @Override
        public boolean wants(String type) {
            return true;
        }

        @Override
        public boolean deliver(Frame frame) {
            delivered++;
            boolean first = !dirty;
            dirty = true;
            return first;
        }

        @Override
        public void flush() {
            dirty = false;
        }
    }

    @Setup
    public void setUp() {
        broadcastHub = new Hub();
        Hub.Shard shard = broadcastHub.newShard(Runnable::run);
        for (int i = 0; i < SUBSCRIBERS; i++) {
            shard.add(new CountingSubscriber("s" + i));
        }
        broadcast = Frame.of(event(null));
        targetedHub = new Hub();
        Hub.Shard users = targetedHub.newShard(Runnable::run);
        targeted = new Frame[USERS];
        for (int i = 0; i < USERS; i++) {
            users.add(new CountingSubscriber("u" + i));
            targeted[i] = Frame.of(event("u" + i));
        }
    }

    private static Event event(String user) {
        return new Event("evt_1", "bench", "default", user, null, null, Instant.now(), "{\"n\":1}", 1);
    }

    @Benchmark
    @OperationsPerInvocation(SUBSCRIBERS)
    public void broadcastPerDelivery() {
        broadcastHub.dispatch(broadcast);
    }

    @Benchmark
    public void targetedPerEvent() {
        targetedHub.dispatch(targeted[next]);
        next = (next + 1) % USERS;
    }
}
