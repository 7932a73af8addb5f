package dev.herald.bench.load;

import org.HdrHistogram.Histogram;

/** What one measured phase produced, printed as one row of the result table. */
record PhaseResult(String label, String phase, int subscribers, double seconds, double deliverySeconds,
                   long published, long delivered,
                   Histogram latencyMicros, Histogram requestMicros, long errors,
                   double serverCores, double generatorCores) {

    static String header() {
        return String.format("%-10s %-10s %6s %10s %12s %9s %9s %9s %9s %7s %7s %7s",
                "server", "phase", "subs", "events/s", "deliveries/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors",
                "srv cpu", "gen cpu");
    }

    String row() {
        Histogram h = subscribers > 0 ? latencyMicros : requestMicros;
        return String.format("%-10s %-10s %6d %10.0f %12.0f %9.2f %9.2f %9.2f %9.2f %7d %7.2f %7.2f",
                label, phase, subscribers, published / seconds, delivered / deliverySeconds,
                ms(h, 50), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0, errors,
                serverCores, generatorCores);
    }

    /** The row's columns, tab-separated, then {@link #completeness()}; bench/run.sh's summary reads these. */
    String tsv() {
        return String.join("\t", row().trim().split("\\s+")) + "\t" + String.format("%.4f", completeness());
    }

    /** Deliveries that arrived over deliveries owed (events × subscribers); < 1 means loss or lag. */
    double completeness() {
        return published == 0 || subscribers == 0 ? 1 : (double) delivered / ((double) published * subscribers);
    }

    private static double ms(Histogram h, double pct) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(pct) / 1000.0;
    }
}
