package dev.herald.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The load generator: {@code java -jar herald-bench.jar --server http://127.0.0.1:8080 --connections 5000
 * --rate 40 --saturate 15 …}. See bench/README.md for the options and bench/run.sh for the scenarios.
 * Prints a table to stdout and, with {@code --tsv file}, appends the same rows as tab-separated values.
 */
public final class LoadMain {
    /** Closed-loop window for saturation, in events not yet delivered to every subscriber. */
    private static final int SATURATION_WINDOW_EVENTS = 10;

    private final LoadOptions opts;
    private final Metrics metrics = new Metrics();
    private final List<String> tsv = new ArrayList<>();
    /** Cores used by the {@code --infra-pid} processes during the phase last measured. */
    private double lastInfraCores;

    private LoadMain(LoadOptions opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        String tsvFile = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--tsv") && i + 1 < args.length) {
                tsvFile = args[++i];
            } else {
                rest.add(args[i]);
            }
        }
        LoadMain run = new LoadMain(LoadOptions.parse(rest.toArray(String[]::new)));
        run.run();
        run.metrics.writeTimeline();
        if (tsvFile != null) {
            Files.write(Path.of(tsvFile), run.tsv, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        try (Subscribers subs = new Subscribers(opts, metrics);
             EventPublisher publisher = new EventPublisher(opts, metrics, subs.group(), subs.transport())) {
            if (opts.connections() > 0) {
                connect(subs);
                Thread.sleep(opts.holdSeconds() * 1000L);
            }
            if (opts.churn() > 0) {
                tsv.addAll(new Churn(opts, subs).run());
                return;
            }
            System.out.println(PhaseResult.header());
            if (opts.publishOnly()) {
                publisher.runSaturated(Stamp.now() + opts.warmupSeconds() * 1_000_000_000L);
                report(measure("publish", 0, () -> publisher.runSaturated(deadline(opts.durationSeconds()))));
            }
            boolean fanout = opts.connections() > 0 && (opts.saturateSeconds() > 0 || !opts.rates().isEmpty());
            if (fanout) {
                // Warm-up paced by delivery, so it never leaves a backlog for the measured phases.
                publisher.runClosedLoop(deadline(opts.warmupSeconds()), SATURATION_WINDOW_EVENTS,
                        metrics.delivered::sum, subs::openCount);
            }
            if (opts.saturateSeconds() > 0) {
                // Routed events are owed to one subscriber each: the subs column then reads 1.
                report(measure(opts.route() ? "route-sat" : "saturate", opts.route() ? 1 : subs.openCount(), () -> publisher.runClosedLoop(
                        deadline(opts.saturateSeconds()), SATURATION_WINDOW_EVENTS,
                        metrics.delivered::sum, subs::openCount)));
            }
            for (int i = 0; i < opts.rates().size(); i++) {
                double rate = opts.rates().get(i);
                String name = String.format(opts.route() ? "route@%.0f" : "fixed@%.0f", rate);
                List<io.netty.channel.Channel> stalled = List.of();
                if (opts.stall() > 0 && i == opts.rates().size() - 1) {
                    // The healthy subscribers are owed every event; the stalled ones are not counted.
                    stalled = subs.stall(opts.stall());
                    name += "+stall" + stalled.size();
                }
                int owed = opts.route() ? 1 : subs.openCount() - stalled.size();
                report(measure(name, owed, () -> publisher.runFixedRate(rate, deadline(opts.durationSeconds()))));
            }
        }
    }

    /**
     * Opens the subscribers (in {@code --idle-steps} when given) and, with {@code --server-pid}, reads the server's
     * memory before and after each step: per connection over all of them, and marginal (this step's growth over
     * this step's connections), which leaves out what a server allocates once, such as JIT code.
     */
    private void connect(Subscribers subs) throws IOException, InterruptedException {
        if (!opts.idleCurve().isEmpty() && opts.serverPid() > 0) {
            idleCurve(subs);
            return;
        }
        ServerMemory.Sample before = opts.serverPid() > 0 ? ServerMemory.sample(opts.serverPids()) : null;
        List<Integer> steps = opts.idleSteps().isEmpty() ? List.of(opts.connections()) : opts.idleSteps();
        ServerMemory.Sample previous = before;
        int open = 0;
        int previousOpen = 0;
        for (int step : steps) {
            long t0 = System.nanoTime();
            open += subs.connectMore(step - open - (int) metrics.connectErrors.sum());
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s: %d/%d subscribers connected in %.1f s (%d failed)%n",
                    opts.label(), open, step, secs, metrics.connectErrors.sum());
            if (before == null || open == 0) {
                continue;
            }
            Thread.sleep(2000);
            ServerMemory.Sample after = ServerMemory.sample(opts.serverPids());
            long rssPerConn = perConnection(before.rssKb(), after.rssKb(), open);
            long heapPerConn = before.heapUsedKb() < 0 ? -1 : perConnection(before.heapUsedKb(), after.heapUsedKb(), open);
            long marginalRss = perConnection(previous.rssKb(), after.rssKb(), open - previousOpen);
            long marginalHeap = before.heapUsedKb() < 0 ? -1
                    : perConnection(previous.heapUsedKb(), after.heapUsedKb(), open - previousOpen);
            System.out.printf("%s: server RSS %d -> %d MiB, %d B/connection (marginal %d); live heap %d -> %d MiB, "
                            + "%d B/connection (marginal %d)%n",
                    opts.label(), before.rssKb() / 1024, after.rssKb() / 1024, rssPerConn, marginalRss,
                    before.heapUsedKb() / 1024, after.heapUsedKb() / 1024, heapPerConn, marginalHeap);
            tsv.add(String.join("\t", opts.label(), "idle", Integer.toString(open), Long.toString(before.rssKb()),
                    Long.toString(after.rssKb()), Long.toString(rssPerConn), Long.toString(heapPerConn),
                    Long.toString(marginalRss), Long.toString(marginalHeap)));
            previous = after;
            previousOpen = open;
        }
    }

    /**
     * RSS growth per connection as users see it: the server's VmRSS before connecting (after a GC, so the baseline
     * is a server at rest) and then at each {@code --idle-curve} second after the last handshake, read as it is, no
     * GC forced; then once more after a full GC (the settled floor the {@code idle} rows report). With
     * {@code --idle-warm N}, N connections are opened and closed first, so the baseline is a server that has served.
     */
    private void idleCurve(Subscribers subs) throws IOException, InterruptedException {
        if (opts.idleWarm() > 0) {
            int warm = subs.connectMore(opts.idleWarm());
            subs.dropAll();
            Thread.sleep(3000); // the server's side of the closes (not awaited by dropAll, which sees only ours)
            System.out.printf("%s: warm round: %d connections opened and closed before the baseline%n", opts.label(), warm);
        }
        ServerMemory.Sample before = ServerMemory.sample(opts.serverPids());
        long t0 = System.nanoTime();
        int open = subs.connectMore(opts.connections());
        long opened = System.nanoTime();
        System.out.printf("%s: %d/%d subscribers connected in %.1f s; RSS at rest before %d MiB%n", opts.label(), open,
                opts.connections(), (opened - t0) / 1e9, before.rssKb() / 1024);
        for (int at : opts.idleCurve()) {
            long wait = opened + at * 1_000_000_000L - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long rss = 0;
            for (long pid : opts.serverPids()) {
                rss += ServerMemory.rssKb(pid);
            }
            long per = perConnection(before.rssKb(), rss, open);
            System.out.printf("%s: %2d s after open: RSS %d MiB, %d B/connection (no GC forced)%n", opts.label(), at,
                    rss / 1024, per);
            tsv.add(String.join("\t", opts.label(), "idle-at-" + at + "s", Integer.toString(open),
                    Long.toString(before.rssKb()), Long.toString(rss), Long.toString(per)));
        }
        ServerMemory.Sample gc = ServerMemory.sample(opts.serverPids());
        long per = perConnection(before.rssKb(), gc.rssKb(), open);
        long heap = before.heapUsedKb() < 0 ? -1 : perConnection(before.heapUsedKb(), gc.heapUsedKb(), open);
        System.out.printf("%s: after a full GC: RSS %d MiB, %d B/connection; live heap %d B/connection%n", opts.label(),
                gc.rssKb() / 1024, per, heap);
        tsv.add(String.join("\t", opts.label(), "idle-after-gc", Integer.toString(open), Long.toString(before.rssKb()),
                Long.toString(gc.rssKb()), Long.toString(per), Long.toString(heap)));
    }

    private static long perConnection(long fromKb, long toKb, int connections) {
        return connections <= 0 ? 0 : (toKb - fromKb) * 1024 / connections;
    }

    private interface Phase {
        void run() throws InterruptedException;
    }

    private PhaseResult measure(String name, int subscribers, Phase phase) throws InterruptedException {
        awaitQuiet();
        metrics.takeLatency();
        metrics.takeRequests();
        long d0 = metrics.delivered.sum();
        long p0 = metrics.publishedEvents.sum();
        long e0 = errors();
        double serverCpu0 = serverCpu();
        double infraCpu0 = infraCpu();
        double selfCpu0 = CpuTime.seconds("self");
        long t0 = System.nanoTime();
        phase.run();
        double secs = (System.nanoTime() - t0) / 1e9;
        // An overloaded server is still delivering when publishing stops: its rate is over the time it took.
        double deliverySecs = Math.max(secs, (awaitQuiet() - t0) / 1e9);
        double wall = (System.nanoTime() - t0) / 1e9;
        double serverCpu = opts.serverPid() > 0 ? (serverCpu() - serverCpu0) / wall : -1;
        double selfCpu = (CpuTime.seconds("self") - selfCpu0) / wall;
        lastInfraCores = (infraCpu() - infraCpu0) / wall;
        return new PhaseResult(opts.label(), name, subscribers, secs, deliverySecs, metrics.publishedEvents.sum() - p0,
                metrics.delivered.sum() - d0, metrics.takeLatency(), metrics.takeRequests(), errors() - e0,
                serverCpu, selfCpu);
    }

    /** CPU seconds used so far by the server, summed over its processes (a cluster's nodes). */
    private double serverCpu() {
        double sum = 0;
        for (long pid : opts.serverPids()) {
            sum += CpuTime.seconds(Long.toString(pid));
        }
        return sum;
    }

    /** CPU seconds used so far by the servers' infrastructure ({@code --infra-pid}: Redis, PostgreSQL). */
    private double infraCpu() {
        double sum = 0;
        for (long pid : opts.infraPids()) {
            sum += CpuTime.treeSeconds(pid);
        }
        return sum;
    }

    private void report(PhaseResult r) {
        System.out.println(r.row());
        if (r.subscribers() > 0 && r.completeness() < 0.999) {
            System.out.printf("  only %.1f%% of the owed deliveries arrived%n", r.completeness() * 100);
        }
        if (opts.infraPids().isEmpty()) {
            tsv.add(r.tsv());
        } else {
            // Printed apart and appended after the row's last column, so the table's columns stay as they are.
            System.out.printf("  infra cpu %.2f cores (--infra-pid %s)%n", lastInfraCores, opts.infraPids());
            tsv.add(r.tsv() + String.format("\t%.2f", lastInfraCores));
        }
    }

    private long errors() {
        return metrics.publishErrors.sum() + metrics.disconnects.sum() + metrics.connectErrors.sum();
    }

    /**
     * Waits until deliveries stop arriving (the backlog of the phase just run), at most 60 s; returns the
     * nanoTime at which the last of them was seen.
     */
    private long awaitQuiet() throws InterruptedException {
        long last = -1;
        long lastChange = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            long now = metrics.delivered.sum();
            if (now == last) {
                return lastChange;
            }
            last = now;
            lastChange = System.nanoTime();
            Thread.sleep(200);
        }
        return lastChange;
    }

    private static long deadline(int seconds) {
        return Stamp.now() + seconds * 1_000_000_000L;
    }
}
