package dev.herald.bench.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Deliveries' latency by the 10 ms slot their event was sent in: count, max, how many took over 10 ms, and the slowest publish request sent in the slot — to line
 * the slow ones up with the server's GC log or anything else that happens at a time. A diagnostic, asked for with
 * {@code -Dherald.bench.timeline=FILE} (through {@code LOAD_JAVA_OPTS}); written as TSV when the generator ends,
 * the first column the slot's start in epoch ms. Covers the first 20 minutes of the run; bounded to that.
 */
final class Timeline {
    private static final long SLOT_NANOS = 10_000_000L;
    private static final int SLOTS = 20 * 60 * 100;
    private static final long SLOW_MICROS = 10_000;
    /** Epoch ms at Stamp's origin, to the millisecond. */
    private final long originEpochMs = System.currentTimeMillis() - Stamp.now() / 1_000_000;
    private final Path file;
    private final AtomicLongArray count = new AtomicLongArray(SLOTS);
    private final AtomicLongArray slow = new AtomicLongArray(SLOTS);
    private final AtomicLongArray max = new AtomicLongArray(SLOTS);
    private final AtomicLongArray requestMax = new AtomicLongArray(SLOTS);

    private Timeline(Path file) {
        this.file = file;
    }

    static Timeline fromSystemProperty() {
        String f = System.getProperty("herald.bench.timeline");
        return f == null || f.isBlank() ? null : new Timeline(Path.of(f));
    }

    void record(long stampNanos, long micros) {
        int slot = (int) (stampNanos / SLOT_NANOS);
        if (slot < 0 || slot >= SLOTS) {
            return;
        }
        count.incrementAndGet(slot);
        if (micros > SLOW_MICROS) {
            slow.incrementAndGet(slot);
        }
        max.accumulateAndGet(slot, micros, Math::max);
    }

    /** A publish request sent at {@code sentNanos} (a {@link Stamp}) answered after {@code micros}. */
    void recordRequest(long sentNanos, long micros) {
        int slot = (int) (sentNanos / SLOT_NANOS);
        if (slot >= 0 && slot < SLOTS) {
            requestMax.accumulateAndGet(slot, micros, Math::max);
        }
    }

    void write() throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println("epoch_ms\tdeliveries\tover_10ms\tmax_us\trequest_max_us");
            for (int i = 0; i < SLOTS; i++) {
                if (count.get(i) > 0 || requestMax.get(i) > 0) {
                    out.printf("%d\t%d\t%d\t%d\t%d%n", originEpochMs + i * (SLOT_NANOS / 1_000_000), count.get(i), slow.get(i),
                            max.get(i), requestMax.get(i));
                }
            }
        }
    }
}
