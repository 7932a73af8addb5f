package dev.herald.broker.redis;

import dev.herald.core.broker.FrameCodec;
import dev.herald.core.hub.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The one thread that hands frames from other nodes to the sink, in the order Redis delivered them. Redis's
 * I/O thread only {@link #offer}s raw messages into a queue bounded in bytes; skipping this node's own
 * messages (by their header alone), decoding and calling the sink happen here. Between messages, at least every {@link #TICK_MS} ms, it runs
 * the broker's housekeeping (health transitions, the reconnect hook, first connection attempts).
 */
final class InboundDelivery {
    private static final Logger log = LoggerFactory.getLogger(InboundDelivery.class);
    static final long TICK_MS = 50;

    private final String nodeId;
    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Consumer<List<Frame>> sink;
    private final Runnable tick;
    private final Thread thread;
    private final LongAdder framesReceived = new LongAdder();
    private final LongAdder messagesDropped = new LongAdder();
    private final LongAdder messagesMalformed = new LongAdder();
    private volatile boolean running = true;

    InboundDelivery(String nodeId, long maxQueuedBytes, Consumer<List<Frame>> sink, Runnable tick) {
        this.nodeId = nodeId;
        this.maxQueuedBytes = maxQueuedBytes;
        this.sink = sink;
        this.tick = tick;
        this.thread = new Thread(this::loop, "herald-redis-inbound");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called on Redis's I/O thread; never blocks. Over the byte budget the message is dropped (the receiver fills the gap). */
    void offer(byte[] message) {
        if (queuedBytes.addAndGet(message.length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-message.length);
            messagesDropped.increment();
            return;
        }
        queue.add(message);
    }

    void stop(long timeoutMillis) {
        running = false;
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    long framesReceived() {
        return framesReceived.sum();
    }

    long messagesDropped() {
        return messagesDropped.sum();
    }

    long messagesMalformed() {
        return messagesMalformed.sum();
    }

    private void loop() {
        long nextTick = 0;
        while (running) {
            try {
                byte[] message = queue.poll(TICK_MS, TimeUnit.MILLISECONDS);
                if (message != null) {
                    queuedBytes.addAndGet(-message.length);
                    deliver(message);
                }
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    tick.run();
                    nextTick = now + TimeUnit.MILLISECONDS.toNanos(TICK_MS);
                }
            } catch (InterruptedException e) {
                if (running) {
                    log.warn("Redis inbound thread interrupted; it keeps going until the broker closes");
                }
            } catch (RuntimeException e) {
                log.error("Redis inbound delivery failed; the thread goes on", e);
            }
        }
    }

    private void deliver(byte[] message) {
        FrameCodec.Message m;
        try {
            if (nodeId.equals(FrameCodec.origin(message))) {
                return;
            }
            m = FrameCodec.decode(message);
        } catch (FrameCodec.MalformedException e) {
            messagesMalformed.increment();
            long n = messagesMalformed.sum();
            if (Long.bitCount(n) == 1) { // 1st, 2nd, 4th, 8th…: a flood of garbage does not flood the log
                log.warn("Ignored malformed message #{} on a Herald Redis channel ({} bytes): {}", n, message.length,
                        e.getMessage());
            }
            return;
        }
        if (m.frames().isEmpty()) {
            return;
        }
        framesReceived.add(m.frames().size());
        sink.accept(m.frames());
    }
}
