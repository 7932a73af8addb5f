package dev.herald.broker.redis;

import dev.herald.core.broker.FrameCodec;
import dev.herald.core.hub.Frame;
import dev.herald.testkit.RedisProcess;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Not a test: measures frames/s from one node to another through Redis pub/sub (ADR 008). Node A publishes
 * frames of about 200 bytes in batches of 1 and of 100, keeping at most {@code WINDOW} messages ahead of
 * what node B has received and Redis has acknowledged (the broker itself never waits: without a window, the measurement would count
 * frames Redis or B dropped); node B counts what reaches its sink. Run: see docs/adr/008-redis-broker.md.
 */
public final class RedisBrokerThroughput {
    private static final long WINDOW = 500;

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (RedisProcess redis = new RedisProcess().start()) {
            for (int batch : new int[] {1, 100}) {
                run(redis.url(), batch, seconds);
            }
        }
    }

    private static void run(String url, int batchSize, int seconds) {
        AtomicLong received = new AtomicLong();
        RedisBroker a = new RedisBroker(url, "bench-a");
        RedisBroker b = new RedisBroker(url, "bench-b");
        a.start(frames -> { });
        b.start(frames -> received.addAndGet(frames.size()));
        String pad = "x".repeat(120);
        List<Frame> batch = new ArrayList<>(batchSize);
        long seq = 0;
        for (int i = 0; i < batchSize; i++) {
            batch.add(frame(++seq, pad));
        }
        int frameBytes = batch.get(0).size();
        int messageBytes = FrameCodec.encode("bench-a", batch).length;
        // warm-up, then measure
        drive(a, batch, 2_000L * 1_000_000, received);
        long start = System.nanoTime();
        long before = received.get();
        long sentMessages = drive(a, batch, seconds * 1_000_000_000L, received);
        long sentFrames = sentMessages * batchSize;
        long target = before + sentFrames;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (received.get() < target && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long got = received.get() - before;
        System.out.printf("batch %3d: %,10.0f frames/s  %,8.0f messages/s  (%,d frames of %d B in %.1f s; message %,d B; not sent %d)%n",
                batchSize, got / elapsed, got / elapsed / batchSize, got, frameBytes, elapsed, messageBytes,
                a.framesNotSent());
        a.close();
        b.close();
    }

    /** Publishes for {@code nanos}, never more than WINDOW messages ahead of what node B received. */
    private static long drive(RedisBroker a, List<Frame> batch, long nanos, AtomicLong received) {
        long end = System.nanoTime() + nanos;
        long sent = 0;
        long base = received.get();
        long ackedBase = a.messagesPublished();
        while (System.nanoTime() < end) {
            while (sent - Math.min((received.get() - base) / batch.size(), a.messagesPublished() - ackedBase) > WINDOW) {
                LockSupport.parkNanos(20_000);
            }
            a.publish(batch);
            sent++;
        }
        return sent;
    }

    private static Frame frame(long seq, String pad) {
        String text = "{\"type\":\"order.created\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"data\":{\"pad\":\"" + pad
                + "\"},\"id\":\"evt_01J0000000000000000000000\",\"seq\":" + seq + "}";
        return Frame.of("acme", null, "order.created", seq, text);
    }
}
