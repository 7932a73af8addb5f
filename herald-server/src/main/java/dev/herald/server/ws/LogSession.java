package dev.herald.server.ws;

import dev.herald.core.logs.LogEntry;
import dev.herald.core.logs.LogFilter;
import dev.herald.core.logs.LogSink;
import dev.herald.core.logs.LogStream;
import dev.herald.core.logs.LogSubscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One client of {@code /logs/ws}: each matching log entry becomes one text frame, the entry's shared UTF-8
 * JSON. Nothing the client sends is acted on.
 *
 * <p><b>Threads.</b> Entries arrive from the tailer thread (live) or a worker (the {@code ?tail=N} backlog),
 * never concurrently and in stream order ({@link LogSink}). They are put in an inbox and written by the
 * connection's event loop, in the same order; the inbox is drained in batches, one event-loop task per
 * batch rather than one per entry. Everything else runs on the event loop.
 *
 * <p><b>Flow control.</b> Live entries are written as soon as the loop gets to them; as on {@code /ws/events},
 * a client with more than {@code limits.client_queue_bytes} written but not yet taken by its socket is
 * closed 4008 ({@link WsSession#send}) and nothing after is sent, so a slow client sees a close, never a gap.
 * The inbox itself only bridges threads: its entries are shared with every other subscriber, so it is bounded
 * by count ({@link #MAX_INBOX}, reached only when the event loop itself stalls). The backlog is different:
 * it may be far larger than the limit and is read on a worker that may wait, so it is paced by the client —
 * while it lasts the loop writes only while the socket keeps up (a write queue of half the limit), and the
 * worker waits while the inbox holds half the limit.
 */
final class LogSession extends WsSession implements LogSink {
    private static final Logger log = LoggerFactory.getLogger(LogSession.class);
    private static final int DRAIN_BATCH = 256;
    private static final long BACKLOG_STALL_NANOS = 10_000_000_000L;
    /** Entries handed over but not yet taken by the event loop; the same as the core's backlog buffer. */
    static final int MAX_INBOX = LogStream.MAX_PENDING;

    private final Context context;
    private final LongAdder delivered;
    private final Runnable onSlowConsumer;
    private final long backlogRoomBytes;
    private final Queue<LogEntry> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong inboxBytes = new AtomicLong();
    private final AtomicInteger inboxCount = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Set once the session is closing or fell behind: deliveries are dropped from then on. */
    private volatile boolean stopped;
    /** The worker reading this session's backlog, while it does; it may wait for the client. */
    private volatile Thread backlogReader;
    /** Event loop only. */
    private LogSubscription subscription;
    private boolean awaitingDrain;

    LogSession(ServerWebSocket ws, Context context, AtomicInteger gauge, int queueLimitBytes, LongAdder delivered,
               Runnable onSlowConsumer) {
        super(ws, gauge, queueLimitBytes);
        this.context = context;
        this.delivered = delivered;
        this.onSlowConsumer = onSlowConsumer;
        this.backlogRoomBytes = Math.max(1, queueLimitBytes / 2);
        // writeQueueFull() then means "half the limit not yet taken by the socket": the backlog's pace.
        ws.setWriteQueueMaxSize((int) backlogRoomBytes);
        ws.textMessageHandler(t -> sawTraffic());
        ws.binaryMessageHandler(b -> sawTraffic());
    }

    /**
     * Subscribes to {@code stream}. With a backlog ({@code tail > 0}) the subscription blocks while the
     * files are read, so it runs on a worker; the connection is closed 1011 if it fails.
     */
    void start(LogStream stream, LogFilter filter, int tail) {
        if (tail == 0) {
            attach(stream.subscribe(filter, 0, this));
            return;
        }
        context.<LogSubscription>executeBlocking(() -> {
            backlogReader = Thread.currentThread();
            try {
                return stream.subscribe(filter, tail, this);
            } finally {
                backlogReader = null;
            }
        }, false).onComplete(ar -> {
            if (ar.succeeded()) {
                attach(ar.result());
            } else {
                log.warn("/logs/ws subscription failed", ar.cause());
                close(CloseCodes.INTERNAL_ERROR, "Internal server error");
            }
        });
    }

    private void attach(LogSubscription s) {
        if (isClosed()) {
            s.cancel();
        } else {
            subscription = s;
        }
    }

    /** Tailer thread or backlog worker. A failure here closes this connection 1011, never the stream. */
    @Override
    public void deliver(LogEntry entry) {
        if (stopped) {
            return;
        }
        try {
            enqueue(entry);
        } catch (RuntimeException e) {
            log.warn("/logs/ws delivery failed; closing the connection", e);
            stopped = true;
            context.runOnContext(v -> close(CloseCodes.INTERNAL_ERROR, "Internal server error"));
        }
    }

    private void enqueue(LogEntry entry) {
        long size = entry.utf8().length;
        if (Thread.currentThread() == backlogReader) {
            awaitRoom(size);
            if (stopped) {
                return;
            }
        }
        if (inboxCount.incrementAndGet() > MAX_INBOX) {
            inboxCount.decrementAndGet();
            fellBehind();
            return;
        }
        inboxBytes.addAndGet(size);
        inbox.add(entry);
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    /**
     * The backlog worker waits for the client to read, instead of overflowing the inbox; a client that reads
     * nothing for {@link #BACKLOG_STALL_NANOS} is a slow consumer, so it cannot hold a worker for long.
     */
    private void awaitRoom(long size) {
        long deadline = System.nanoTime() + BACKLOG_STALL_NANOS;
        while (!stopped && inboxBytes.get() > 0 && inboxBytes.get() + size > backlogRoomBytes) {
            if (System.nanoTime() > deadline) {
                fellBehind();
                return;
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /** Live entries piled up behind the backlog (see {@link LogSink#overflowed()}). */
    @Override
    public void overflowed() {
        fellBehind();
    }

    private void fellBehind() {
        if (stopped) {
            return;
        }
        stopped = true;
        context.runOnContext(v -> {
            closeAsSlowConsumer();
        });
    }

    /** Event loop: writes what the inbox holds while the socket takes it. */
    private void drain() {
        drainScheduled.set(false);
        if (awaitingDrain) {
            return;
        }
        for (int i = 0; i < DRAIN_BATCH; i++) {
            if (isClosed()) {
                return;
            }
            if (backlogReader != null && ws.writeQueueFull()) {
                awaitingDrain = true;
                ws.drainHandler(v -> {
                    awaitingDrain = false;
                    drain();
                });
                return;
            }
            LogEntry e = inbox.poll();
            if (e == null) {
                return;
            }
            byte[] bytes = e.utf8();
            inboxBytes.addAndGet(-bytes.length);
            inboxCount.decrementAndGet();
            if (send(bytes)) {
                delivered.increment();
            }
        }
        if (!inbox.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    /** Closes with 1001 on this session's event loop; completes once the connection is gone. */
    Future<Void> shutdownOnLoop() {
        return Future.<Void>future(p -> context.runOnContext(v -> {
            shutdown();
            p.complete();
        })).compose(v -> whenGone());
    }

    @Override
    public void tick(long nowNanos) {
        // No keep-alive contract on /logs/ws: a dead peer is found when writes to it back up (4008).
    }

    @Override
    protected void onSlowConsumer() {
        onSlowConsumer.run();
    }

    @Override
    protected void onClosing() {
        stopped = true;
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
        inbox.clear();
    }
}
