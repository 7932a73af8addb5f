package dev.herald.server.retention;

import dev.herald.core.store.EventStore;
import dev.herald.core.store.PruneBatch;
import dev.herald.core.webhook.DeliveryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Retention: deletes what Herald no longer needs, on its own thread, batch by batch — events older than the longer
 * of {@code history.ttl} and the 24 h idempotency window (their ids become free again), and finished webhook
 * deliveries with their attempts older than {@code webhooks.retention}.
 *
 * <p>Off the hot paths: never on an event loop, the event writer or the dispatcher. Each batch is one short
 * transaction; after each, the pruner waits twice as long as the batch held the writer (at least
 * {@link #MIN_PAUSE}), so appends waiting for the lock get most of it. Every batch is measured
 * ({@link RetentionMetrics}); a pass that removed anything is logged with its rows/s and longest hold.
 */
public final class Pruner implements AutoCloseable {
    static final Duration EVERY = Duration.ofMinutes(10);
    static final Duration FIRST = Duration.ofMinutes(1);
    static final Duration MIN_PAUSE = Duration.ofMillis(5);
    static final int EVENT_BATCH = 1000;
    static final int DELIVERY_BATCH = 250;
    private static final Logger log = LoggerFactory.getLogger(Pruner.class);

    private final EventStore events;
    private final DeliveryStore deliveries;
    private final Duration eventsKept;
    private final Duration retention;
    private final Clock clock;
    private final RetentionMetrics metrics;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-pruner");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /**
     * @param eventsKept how long events are kept (at least {@link EventStore#DEDUPE_WINDOW})
     * @param retention  how long finished deliveries are kept; zero: forever
     */
    public Pruner(EventStore events, DeliveryStore deliveries, Duration eventsKept, Duration retention, Clock clock,
                  RetentionMetrics metrics) {
        this.events = events;
        this.deliveries = deliveries;
        this.eventsKept = eventsKept.compareTo(EventStore.DEDUPE_WINDOW) < 0 ? EventStore.DEDUPE_WINDOW : eventsKept;
        this.retention = retention;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Runs a pass {@link #FIRST} after start, then {@link #EVERY} after each pass ends. */
    public void start() {
        thread.scheduleWithFixedDelay(() -> {
            try {
                pruneNow();
            } catch (RuntimeException e) {
                log.atWarn().setCause(e).log("pruning failed; trying again at the next pass");
            }
        }, FIRST.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What one pass removed. */
    public record Pass(Table events, Table deliveries) {
    }

    /**
     * One table's share of a pass.
     *
     * @param held the sum of the batches' write-lock times; {@code longest} the longest of them
     */
    public record Table(long rows, int batches, Duration held, Duration longest) {
        /** Rows deleted per second of holding the writer. */
        public double rowsPerSecond() {
            return held.isZero() ? 0 : rows / (held.toNanos() / 1e9);
        }
    }

    /** One pass now, on the calling thread (blocking). Passes never overlap. */
    public synchronized Pass pruneNow() {
        Instant now = clock.instant();
        Table e = drain("events", max -> events.pruneBatch(now.minus(eventsKept), max), EVENT_BATCH);
        Table d = retention.isZero() ? new Table(0, 0, Duration.ZERO, Duration.ZERO)
                : drain("webhook_deliveries", max -> deliveries.pruneFinished(now.minus(retention), max), DELIVERY_BATCH);
        return new Pass(e, d);
    }

    private Table drain(String table, Function<Integer, PruneBatch> batch, int max) {
        long rows = 0;
        int batches = 0;
        Duration held = Duration.ZERO;
        Duration longest = Duration.ZERO;
        while (!closed) {
            PruneBatch b = batch.apply(max);
            batches++;
            held = held.plus(b.held());
            longest = b.held().compareTo(longest) > 0 ? b.held() : longest;
            rows += b.rows();
            metrics.batch(table, b);
            if (b.rows() == 0) {
                break;
            }
            pause(b.held());
        }
        Table t = new Table(rows, batches, held, longest);
        metrics.pass(table, t);
        if (rows > 0) {
            log.atInfo().addKeyValue("table", table).addKeyValue("rows", rows).addKeyValue("batches", batches)
                    .addKeyValue("rows_per_s", Math.round(t.rowsPerSecond()))
                    .addKeyValue("longest_hold_ms", longest.toMillis()).log("pruned");
        }
        return t;
    }

    private void pause(Duration held) {
        Duration pause = held.multipliedBy(2);
        try {
            Thread.sleep(Math.max(MIN_PAUSE.toMillis(), pause.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops: a pass in progress ends after its current batch. */
    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
