package dev.herald.core.hub;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A mass disconnect and reconnect of one tenant: {@code connections} subscribers added to one shard, then all
 * removed in a random order (as a dropped load balancer closes them), then all added again: one op = the drop and
 * the reconnect (the first adds are set up before each op, not timed).
 * Before issue #15 removal was a linear search of the tenant's list, so this grew with the square of the count.
 * {@code sameUser}: every connection is the same user (one user's list as long as the tenant's).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(1)
public class HubChurnBench {
    @Param({"10000", "50000"})
    int connections;

    @Param({"false", "true"})
    boolean sameUser;

    private List<HubRoutingBench.CountingSubscriber> subs;
    private int[] dropOrder;
    private Hub hub;
    private Hub.Shard shard;
    private Hub.Member[] members;

    @Setup
    public void setUp() {
        subs = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            subs.add(new HubRoutingBench.CountingSubscriber(sameUser ? "u" : "u" + i));
        }
        List<Integer> order = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(15));
        dropOrder = order.stream().mapToInt(Integer::intValue).toArray();
    }

    @Setup(Level.Iteration)
    public void connectAll() {
        hub = new Hub();
        shard = hub.newShard(Runnable::run);
        members = new Hub.Member[connections];
        for (int i = 0; i < connections; i++) {
            members[i] = shard.add(subs.get(i));
        }
    }

    @Benchmark
    public int dropAndReconnect() {
        for (int i : dropOrder) {
            shard.remove(members[i]);
        }
        for (int i = 0; i < connections; i++) {
            shard.add(subs.get(i));
        }
        return hub.subscriberCount();
    }
}
