package dev.herald.broker.redis;

import dev.herald.core.broker.FrameCodec;
import dev.herald.core.hub.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The one thread that hands frames from other nodes to the sink, in the order Redis delivered them. Redis's
 * I/O thread only {@link #offer}s raw messages into a bounded queue; decoding, dropping this node's own
 * messages and calling the sink happen here. Between messages, at least every {@link #TICK_MS} ms, it runs
 * the broker's housekeeping (health transitions, the reconnect hook, first connection attempts).
 */
final class InboundDelivery {
    private static final Logger log = LoggerFactory.getLogger(InboundDelivery.class);
    static final long TICK_MS = 50;

    private final String nodeId;
    private final BlockingQueue<byte[]> queue;
    private final Consumer<List<Frame>> sink;
    private final Runnable tick;
    private final Thread thread;
    private final LongAdder framesReceived = new LongAdder();
    private final LongAdder messagesDropped = new LongAdder();
    private final LongAdder messagesMalformed = new LongAdder();
    private volatile boolean running = true;

    InboundDelivery(String nodeId, int capacity, Consumer<List<Frame>> sink, Runnable tick) {
        this.nodeId = nodeId;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sink = sink;
        this.tick = tick;
        this.thread = new Thread(this::loop, "herald-redis-inbound");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called on Redis's I/O thread; never blocks. A full queue drops the message (the receiver fills the gap). */
    void offer(byte[] message) {
        if (!queue.offer(message)) {
            messagesDropped.increment();
        }
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
            m = FrameCodec.decode(message);
        } catch (FrameCodec.MalformedException e) {
            messagesMalformed.increment();
            log.warn("Ignored a malformed message on a Herald Redis channel ({} bytes): {}", message.length, e.getMessage());
            return;
        }
        if (nodeId.equals(m.origin()) || m.frames().isEmpty()) {
            return;
        }
        framesReceived.add(m.frames().size());
        sink.accept(m.frames());
    }
}
