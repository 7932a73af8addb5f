package dev.herald.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAdder;

/** Counters and the publish→deliver latency histogram that every I/O thread writes to. */
final class Metrics {
    final LongAdder delivered = new LongAdder();
    final LongAdder unstamped = new LongAdder();
    final LongAdder connectErrors = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder publishedEvents = new LongAdder();
    final LongAdder publishErrors = new LongAdder();
    /** Microseconds; a Recorder lets many writer threads record while a reader swaps intervals. */
    private final Recorder latencyMicros = new Recorder(3);
    private final Recorder requestMicros = new Recorder(3);

    /** With {@code -Dherald.bench.timeline=FILE}: each delivery's latency by when its event was sent, to find what the slow ones share. */
    private final Timeline timeline = Timeline.fromSystemProperty();

    void recordDelivery(long stampNanos) {
        if (stampNanos < 0) {
            unstamped.increment();
            return;
        }
        delivered.increment();
        long micros = Math.max(0, (Stamp.now() - stampNanos) / 1000);
        latencyMicros.recordValue(micros);
        if (timeline != null) {
            timeline.record(stampNanos, micros);
        }
    }

    /** Writes the timeline, when one was asked for. */
    void writeTimeline() throws java.io.IOException {
        if (timeline != null) {
            timeline.write();
        }
    }

    void recordRequest(long nanos) {
        requestMicros.recordValue(nanos / 1000);
        if (timeline != null) {
            timeline.recordRequest(Stamp.now() - nanos, nanos / 1000);
        }
    }

    /** Latency recorded since the previous call (a phase boundary discards the warm-up). */
    Histogram takeLatency() {
        return latencyMicros.getIntervalHistogram();
    }

    Histogram takeRequests() {
        return requestMicros.getIntervalHistogram();
    }
}
