package dev.herald.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * Publishes stamped events over {@code POST /api/v1/events} ({@code {"events":[…]}} batches) with
 * {@link HttpPublisher}. Counts only events the server reports as accepted — for Herald that means durable — so
 * a failing server cannot look fast.
 */
final class EventPublisher implements AutoCloseable {
    private final LoadOptions opts;
    private final Metrics metrics;
    private final HttpPublisher http;
    private final PublishBody body;

    EventPublisher(LoadOptions opts, Metrics metrics, EventLoopGroup group, Transport transport) {
        this.opts = opts;
        this.metrics = metrics;
        this.http = new HttpPublisher(opts.publishUrl(), opts.apiKey(), opts.publishConnections(), opts.pipeline(),
                group, transport);
        this.body = new PublishBody(opts.payloadBytes(), opts.route(), opts.connections());
    }

    /**
     * Sends a batch every {@code batch / rate} seconds until {@code endNanos}. Each event is stamped with its
     * scheduled send time, not the moment the request left, so a stalled publisher shows up as latency
     * instead of hiding it (coordinated omission).
     */
    void runFixedRate(double rate, long endNanos) throws InterruptedException {
        long periodNanos = (long) (opts.batch() * 1e9 / rate);
        long start = Stamp.now();
        Semaphore inflight = new Semaphore(Math.max(64, opts.inflight()));
        for (long k = 0; ; k++) {
            long due = start + k * periodNanos;
            if (due >= endNanos) {
                break;
            }
            long wait = due - Stamp.now();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            inflight.acquire();
            send(due, opts.batch(), inflight::release);
        }
        inflight.acquire(Math.max(64, opts.inflight()));
    }

    /**
     * Publishes as fast as delivery keeps up: at most {@code inflight} requests open, and at most
     * {@code window} events whose deliveries to every open subscriber have not all arrived yet. This finds
     * the sustainable fan-out rate instead of piling frames up until the server cuts subscribers off.
     */
    void runClosedLoop(long endNanos, int window, LongSupplier delivered, LongSupplier subscribers)
            throws InterruptedException {
        Semaphore inflight = new Semaphore(opts.inflight());
        long sentEvents = 0;
        long deliveredAtStart = delivered.getAsLong();
        while (Stamp.now() < endNanos) {
            // Broadcast: every event is owed to every subscriber. Routed (--route): to one, so the window is
            // counted in events, at least enough to keep every request slot busy.
            long subs = opts.route() ? 1 : Math.max(1, subscribers.getAsLong());
            long limit = opts.route() ? Math.max(window, 2L * opts.inflight() * opts.saturateBatch()) : (long) window * subs;
            long outstanding = sentEvents * subs - (delivered.getAsLong() - deliveredAtStart);
            if (outstanding > limit || !inflight.tryAcquire()) {
                Thread.sleep(0, 200_000);
                continue;
            }
            sentEvents += opts.saturateBatch();
            send(Stamp.now(), opts.saturateBatch(), inflight::release);
        }
        inflight.acquire(opts.inflight());
    }

    /**
     * Publishes back to back with {@code inflight} requests open, for raw publish throughput: each reply sends
     * the next request from the connection's event loop, so no thread hand-off per request.
     */
    void runSaturated(long endNanos) throws InterruptedException {
        CountDownLatch chains = new CountDownLatch(opts.inflight());
        for (int i = 0; i < opts.inflight(); i++) {
            chain(endNanos, chains);
        }
        chains.await();
    }

    private void chain(long endNanos, CountDownLatch chains) {
        long now = Stamp.now();
        if (now >= endNanos) {
            chains.countDown();
            return;
        }
        send(now, opts.batch(), () -> chain(endNanos, chains));
    }

    /** Posts one batch stamped {@code stamp}; {@code then} runs once the reply (or the failure) is in. */
    private void send(long stamp, int batch, Runnable then) {
        long t0 = System.nanoTime();
        ByteBuf req = http.newRequest(body.sizeHint(batch));
        body.write(req, stamp, batch);
        http.post(req, (status, accepted, error) -> {
            metrics.recordRequest(System.nanoTime() - t0);
            if (error != null) {
                metrics.publishErrors.increment();
                if (metrics.publishErrors.sum() <= 3) {
                    System.err.println("publish failed: " + error);
                }
            } else {
                metrics.publishedEvents.add(accepted);
            }
            then.run();
        });
    }

    @Override
    public void close() {
        http.close();
    }
}
