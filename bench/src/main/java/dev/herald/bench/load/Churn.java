package dev.herald.bench.load;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A mass drop and reconnect ({@code --churn ROUNDS}): every subscriber closes at once, the generator waits until
 * the server's {@code herald_hub_subscribers} gauge (from {@code --metrics-url}) reads 0, then opens them all again
 * and waits until it reads them all. Per round: wall time and server CPU seconds of each half. The drop is what
 * the hub's removal cost shows in (a linear search per removal made it quadratic in one tenant's connections).
 */
final class Churn {
    private final LoadOptions opts;
    private final Subscribers subs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Churn(LoadOptions opts, Subscribers subs) {
        this.opts = opts;
        this.subs = subs;
    }

    /** Runs the rounds, prints a line per half, returns the TSV rows. */
    List<String> run() throws Exception {
        List<String> rows = new ArrayList<>();
        int n = subs.openCount();
        awaitSubscribers(n, 120);
        System.out.printf("%-10s %6s %9s %8s %10s %14s%n", "server", "round", "step", "conns", "wall s", "server cpu s");
        for (int round = 1; round <= opts.churn(); round++) {
            double cpu0 = serverCpu();
            long t0 = System.nanoTime();
            subs.dropAll();
            boolean drained = awaitSubscribers(0, 300);
            rows.add(row(round, drained ? "drop" : "drop-timeout", n, t0, cpu0));
            cpu0 = serverCpu();
            t0 = System.nanoTime();
            int open = subs.connectMore(n);
            boolean back = awaitSubscribers(open, 300);
            rows.add(row(round, back ? "reconnect" : "reconnect-timeout", open, t0, cpu0));
            n = open;
        }
        return rows;
    }

    private String row(int round, String step, int conns, long t0, double cpu0) {
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = opts.serverPid() > 0 ? serverCpu() - cpu0 : -1;
        System.out.printf("%-10s %6d %9s %8d %10.2f %14.2f%n", opts.label(), round, step, conns, wall, cpu);
        return String.join("\t", opts.label(), "churn-" + step, Integer.toString(conns), Integer.toString(round),
                String.format("%.3f", wall), String.format("%.3f", cpu));
    }

    /** Polls the gauge every 10 ms until it reads {@code n}; false after {@code maxSeconds}. */
    private boolean awaitSubscribers(int n, int maxSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (subscribers() == n) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    private long subscribers() {
        try {
            String body = http.send(HttpRequest.newBuilder(opts.metricsUrl()).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith("herald_hub_subscribers")) {
                    return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (Exception e) {
            // the server is busy: try again
        }
        return -1;
    }

    private double serverCpu() {
        double sum = 0;
        for (long pid : opts.serverPids()) {
            sum += CpuTime.seconds(Long.toString(pid));
        }
        return sum;
    }
}
