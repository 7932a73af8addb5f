package dev.herald.broker.redis;

import dev.herald.core.hub.Frame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A recording sink for tests, and polling with a deadline. */
final class Sink implements Consumer<List<Frame>> {
    private final List<Frame> frames = new ArrayList<>();
    private final Set<String> threads = new LinkedHashSet<>();

    @Override
    public synchronized void accept(List<Frame> batch) {
        frames.addAll(batch);
        threads.add(Thread.currentThread().getName());
    }

    synchronized int count(Predicate<Frame> which) {
        return (int) frames.stream().filter(which).count();
    }

    synchronized List<Long> seqs(String tenant) {
        return frames.stream().filter(f -> tenant.equals(f.tenant())).map(Frame::seq).toList();
    }

    synchronized Set<String> threads() {
        return Set.copyOf(threads);
    }

    static Frame frame(String tenant, long seq) {
        return Frame.of(tenant, null, "test.event", seq, "{\"type\":\"test.event\",\"data\":{},\"seq\":" + seq + "}");
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, Duration.ofSeconds(15), condition);
    }
}
