import dev.herald.core.auth.TokenIssuer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for {@code /logs/ws}: appends seed-format text lines to a file in {@code logs.dir} at fixed
 * rates while 100 clients with mixed filters are connected, and measures write-to-delivery latency (the
 * writer and the clients share this JVM's clock), lines/s the tailer sustains and the server's CPU per
 * 1,000 lines/s (from /proc/PID/stat). Run by bench/logs/run.sh, which starts the server; launched as a
 * single source file on the classpath of herald.jar (HdrHistogram, Herald's TokenIssuer).
 *
 * <p>Args: {@code --url ws://host:port --metrics http://host:port/metrics --dir LOGDIR --secret S --pid PID
 * --clk-tck 100 --rates 1000,10000,50000 --warmup 3 --duration 10 --burst 200000}.
 */
public final class LogStreamBench {
    static final int CLIENTS = 100;
    static final Pattern LINES_READ = Pattern.compile("(?m)^herald_log_lines_read_total\\s+([0-9.eE+]+)");

    final Recorder latency = new Recorder(3);
    final LongAdder received = new LongAdder();
    final AtomicInteger slowClosed = new AtomicInteger();
    final AtomicInteger otherClosed = new AtomicInteger();
    long expected;
    final WebSocket[] sockets = new WebSocket[CLIENTS];
    WebSocketClient wsClient;
    URI base;
    String token;
    volatile boolean finished;

    public static void main(String[] a) throws Exception {
        Args args = new Args(a);
        new LogStreamBench().run(args);
    }

    /** Client i's filter. Expected matches per line are computed by {@link #matches}. */
    static String filter(int i) {
        if (i < 10) {
            return "";
        } else if (i < 30) {
            return "level=ERROR";
        } else if (i < 60) {
            return "repository=org/repo-" + (i % 10);
        } else if (i < 80) {
            return "pr_number=" + i;
        }
        return "repository=org/repo-" + (i % 10) + "&level=WARNING";
    }

    /** How many of the 100 clients a line matches: 10 all, 20 ERROR, 3 per repo, 1 per PR in 60..79, 2 per repo+WARNING. */
    static int matches(String level, int repo, int pr) {
        int n = 10 + 3;
        if (level.equals("ERROR")) {
            n += 20;
        }
        if (pr >= 60 && pr < 80) {
            n += 1;
        }
        if (level.equals("WARNING")) {
            n += 2;
        }
        return n;
    }

    void run(Args args) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String token = new TokenIssuer(args.secret).issue("bench", "default", Duration.ofHours(1), List.of("logs:read"), null);
        // Netty-based clients on one event loop: the JDK's WebSocket client costs more CPU per message than the server.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(CLIENTS).setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 20));
        this.wsClient = wsClient;
        this.base = URI.create(args.url);
        this.token = token;
        connectAll();
        Path file = args.dir.resolve("webhook-server.log");
        System.out.printf(Locale.ROOT, "%d clients connected (10 unfiltered, 20 level=ERROR, 30 repository, 20 pr_number, 20 repository+level)%n", CLIENTS);
        System.out.printf(Locale.ROOT, "%-10s %10s %10s %9s %9s %9s %9s %12s %14s %8s%n", "rate", "lines/s", "deliv/s",
                "p50 ms", "p99 ms", "p99.9 ms", "max ms", "k deliv/exp", "CPU %/1k l/s", "closed");
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            SplittableRandom rnd = new SplittableRandom(42);
            for (int rate : args.rates) {
                connectAll(); // every phase starts with all 100 clients, whatever the last one did to them
                write(out, rnd, rate, args.warmup);   // warm-up, not recorded
                Thread.sleep(300);
                latency.reset();
                received.reset();
                slowClosed.set(0);
                otherClosed.set(0);
                expected = 0;
                long cpu0 = cpuTicks(args.pid);
                long t0 = System.nanoTime();
                long lines = write(out, rnd, rate, args.duration);
                long wrote = System.nanoTime() - t0;
                Thread.sleep(300); // let the last lines arrive
                long cpu1 = cpuTicks(args.pid);
                Histogram h = latency.getIntervalHistogram();
                double secs = wrote / 1e9;
                double cpuPct = 100.0 * (cpu1 - cpu0) / args.clkTck / secs;
                System.out.printf(Locale.ROOT, "%-10s %10.0f %10.0f %9.2f %9.2f %9.2f %9.2f %5d/%-6d %14.2f %8d%n",
                        rate + "/s", lines / secs, received.sum() / secs, ms(h.getValueAtPercentile(50)),
                        ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
                        received.sum() / 1000, expected / 1000, cpuPct / (lines / secs / 1000.0),
                        slowClosed.get() + otherClosed.get());
            }
            connectAll();
            burst(out, rnd, args, http, "100 clients connected");
            finished = true; // the closes below are ours
            for (int i = 0; i < CLIENTS; i++) {
                if (sockets[i] != null) {
                    sockets[i].close();
                }
            }
            Thread.sleep(300);
            burst(out, rnd, args, http, "no client");
        }
        finished = true;
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Appends lines at {@code rate}/s for {@code seconds}, in 1 ms ticks; returns the number written. */
    long write(OutputStream out, SplittableRandom rnd, int rate, int seconds) throws IOException {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long written = 0;
        StringBuilder sb = new StringBuilder(64 * 1024);
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return written;
            }
            long due = (long) ((now - start) / 1e9 * rate) - written;
            if (due > 0) {
                sb.setLength(0);
                long t = System.nanoTime();
                for (int i = 0; i < due; i++) {
                    line(sb, rnd, t, written + i);
                }
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                written += due;
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    void line(StringBuilder sb, SplittableRandom rnd, long t, long n) {
        int l = rnd.nextInt(100);
        String level = l < 10 ? "ERROR" : l < 25 ? "WARNING" : l < 30 ? "DEBUG" : "INFO";
        int repo = rnd.nextInt(10);
        int pr = 1 + rnd.nextInt(100);
        expected += matches(level, repo, pr);
        sb.append("2026-11-29T10:30:00.123000 GithubWebhook ").append(level).append(" org/repo-").append(repo)
                .append(" [pull_request][hook-").append(n).append("][user-").append(repo).append("][PR ").append(pr)
                .append("]: processing webhook t=").append(t).append(" n=").append(n).append('\n');
    }

    /** Writes {@code burst} lines at once and times the tailer reading them (its lines-read counter). */
    /** (Re)connects every client whose connection is closed. */
    void connectAll() throws Exception {
        for (int i = 0; i < CLIENTS; i++) {
            if (sockets[i] != null && !sockets[i].isClosed()) {
                continue;
            }
            String q = filter(i);
            WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                    .setURI("/logs/ws?" + (q.isEmpty() ? "" : q + "&") + "token=" + token);
            WebSocket ws = wsClient.connect(o).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            ws.handler(this::onMessage);
            ws.closeHandler(v -> {
                if (finished) {
                    return;
                }
                if (Short.valueOf((short) 4008).equals(ws.closeStatusCode())) {
                    slowClosed.incrementAndGet();
                } else {
                    // A 4008 whose close frame is still behind unread data when close_grace ends arrives as no code.
                    otherClosed.incrementAndGet();
                }
            });
            sockets[i] = ws;
        }
        Thread.sleep(300); // every subscription attached (they attach within a millisecond of the upgrade)
    }

    void burst(OutputStream out, SplittableRandom rnd, Args args, HttpClient http, String clients) throws Exception {
        StringBuilder sb = new StringBuilder();
        long t = System.nanoTime();
        for (int i = 0; i < args.burst; i++) {
            line(sb, rnd, t, i);
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        double before = linesRead(http, args.metrics);
        long cpu0 = cpuTicks(args.pid);
        long t0 = System.nanoTime();
        out.write(bytes);
        out.flush();
        double target = before + args.burst;
        while (linesRead(http, args.metrics) < target) {
            if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(30)) {
                System.out.println("burst: tailer did not catch up within 30 s");
                return;
            }
            Thread.sleep(20);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long cpu1 = cpuTicks(args.pid);
        System.out.printf(Locale.ROOT, "burst, %s: %d lines (%.1f MB) appended at once, read by the tailer in %.2f s = "
                        + "%.0f lines/s; server CPU %.0f%%; clients closed 4008 in the burst: %d%n", clients,
                args.burst, bytes.length / 1e6, secs, args.burst / secs, 100.0 * (cpu1 - cpu0) / args.clkTck / secs,
                slowClosed.getAndSet(0) + otherClosed.getAndSet(0));
    }

    static double linesRead(HttpClient http, String url) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = LINES_READ.matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** utime + stime of the process, in clock ticks (/proc/PID/stat fields 14 and 15). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** One message: the latency from the {@code t=} nanoTime the writer put in the line. */
    void onMessage(Buffer b) {
        long now = System.nanoTime();
        long t = writtenAt(b);
        if (t > 0) {
            latency.recordValue(Math.max(0, now - t));
            received.increment();
        }
    }

    /** The number after the last {@code " t="} in the message, without decoding it; -1 when absent. */
    static long writtenAt(Buffer b) {
        for (int i = b.length() - 4; i >= 0; i--) {
            if (b.getByte(i) == ' ' && b.getByte(i + 1) == 't' && b.getByte(i + 2) == '=') {
                long v = 0;
                for (int j = i + 3; j < b.length(); j++) {
                    byte c = b.getByte(j);
                    if (c < '0' || c > '9') {
                        break;
                    }
                    v = v * 10 + (c - '0');
                }
                return v;
            }
        }
        return -1;
    }

    static final class Args {
        String url = "ws://127.0.0.1:18490";
        String metrics = "http://127.0.0.1:18490/metrics";
        Path dir;
        String secret;
        long pid;
        int clkTck = 100;
        int[] rates = {1000, 10000, 50000};
        int warmup = 3;
        int duration = 10;
        int burst = 200_000;

        Args(String[] a) {
            for (int i = 0; i < a.length; i += 2) {
                String v = a[i + 1];
                switch (a[i]) {
                    case "--url" -> url = v;
                    case "--metrics" -> metrics = v;
                    case "--dir" -> dir = Path.of(v);
                    case "--secret" -> secret = v;
                    case "--pid" -> pid = Long.parseLong(v);
                    case "--clk-tck" -> clkTck = Integer.parseInt(v);
                    case "--rates" -> rates = java.util.Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--duration" -> duration = Integer.parseInt(v);
                    case "--burst" -> burst = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + a[i]);
                }
            }
        }
    }
}
