package dev.herald.server.retention;

import dev.herald.core.store.PruneBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pruning meters, by {@code table} ({@code events}, {@code webhook_deliveries}): {@code herald_prune_rows} (rows
 * deleted), {@code herald_prune_writer_hold_seconds} (each batch's time holding the store's write lock: count, sum,
 * max) and {@code herald_prune_rows_per_second} (the last pass that deleted anything: rows per second of holding).
 */
public final class RetentionMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> rows = new ConcurrentHashMap<>();
    private final Map<String, Timer> holds = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> rate = new ConcurrentHashMap<>();

    public RetentionMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String table : new String[] {"events", "webhook_deliveries"}) {
            meters(table);
        }
    }

    private void meters(String table) {
        rows.computeIfAbsent(table, t -> Counter.builder("herald_prune_rows").tags("table", t)
                .description("Rows deleted by retention").register(registry));
        holds.computeIfAbsent(table, t -> Timer.builder("herald_prune_writer_hold").tags("table", t)
                .description("Time each pruning batch held the store's write lock").register(registry));
        rate.computeIfAbsent(table, t -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("herald_prune_rows_per_second", v, AtomicLong::get).tags("table", t)
                    .description("Rows deleted per second of holding the writer, last pass that deleted any")
                    .register(registry);
            return v;
        });
    }

    void batch(String table, PruneBatch b) {
        meters(table);
        rows.get(table).increment(b.rows());
        holds.get(table).record(b.held());
    }

    void pass(String table, Pruner.Table t) {
        if (t.rows() > 0) {
            rate.get(table).set(Math.round(t.rowsPerSecond()));
        }
    }
}
