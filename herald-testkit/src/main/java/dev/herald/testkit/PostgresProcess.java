package dev.herald.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests: {@code initdb} into a temp directory, {@code postgres} on a free
 * loopback port with its unix socket inside that directory, trust authentication for user {@code postgres}.
 * Uses Debian's binaries ({@code pg_config --bindir}, else {@code /usr/lib/postgresql/<newest>/bin}); when the
 * JVM runs as root, every PostgreSQL command runs as the {@code postgres} user, which owns the directory.
 *
 * <p>Readiness is polled ({@code pg_isready}), never slept for. {@link #stop()} and {@link #start()} keep the
 * data directory and port, so a test can simulate an outage and the return of the same database. Methods
 * are synchronized; one instance serves a whole JVM through {@link #shared()}.
 */
public final class PostgresProcess {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static PostgresProcess shared;

    private final Path bin;
    private final Path root;
    private final Path data;
    private final int port;
    private final boolean asRoot;
    private final AtomicInteger databases = new AtomicInteger();
    private Process server;

    private PostgresProcess(Path bin, Path root, int port) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
        this.asRoot = "root".equals(System.getProperty("user.name"));
    }

    /** The JVM's one cluster, started on first use and stopped (and deleted) when the JVM exits. */
    public static synchronized PostgresProcess shared() {
        if (shared == null) {
            PostgresProcess p = create();
            p.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "postgres-process-cleanup"));
            shared = p;
        }
        return shared;
    }

    /** A new, initialized but not started cluster in its own temp directory; {@link #destroy()} removes it. */
    public static PostgresProcess create() {
        try {
            Path root = Files.createTempDirectory("herald-pg-");
            PostgresProcess p = new PostgresProcess(findBin(), root, freePort());
            p.init();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a PostgreSQL directory: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** JDBC URL of a new, empty database (user {@code postgres}, no password). */
    public String createDatabase() {
        String name = "herald_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        psql("CREATE DATABASE " + name);
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    /** Runs one SQL statement as superuser against database {@code postgres}. */
    public synchronized void psql(String sql) {
        run(List.of(bin.resolve("psql").toString(), "-h", root.toString(), "-p", String.valueOf(port), "-U", "postgres",
                "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql), Duration.ofSeconds(60));
    }

    /** Starts the server (again) on the same data and port and waits until it accepts connections. */
    public synchronized void start() {
        if (server != null && server.isAlive()) {
            return;
        }
        List<String> cmd = command(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", String.valueOf(port), "-k", root.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=on", "-c", "max_connections=200", "-c", "shared_buffers=32MB"));
        try {
            server = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(root.resolve("postgres.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start postgres: " + e.getMessage(), e);
        }
        awaitReady();
    }

    /** Fast shutdown (SIGINT to the postmaster): connections are cut, committed data stays. Returns once it is gone. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        postmaster().ifPresent(pm -> {
            run(List.of("kill", "-INT", String.valueOf(pm.pid())), Duration.ofSeconds(10));
            awaitExit(pm, Duration.ofSeconds(30));
        });
        awaitExit(server, Duration.ofSeconds(30));
        server = null;
    }

    /** Kills the postmaster and its backends at once (SIGKILL), as a crash of the machine's database would. */
    public synchronized void kill() {
        if (server == null) {
            return;
        }
        postmaster().ifPresent(pm -> {
            List<ProcessHandle> all = new ArrayList<>(pm.descendants().toList());
            all.add(pm);
            all.forEach(ProcessHandle::destroyForcibly);
            all.forEach(h -> awaitExit(h, Duration.ofSeconds(30)));
        });
        server.destroyForcibly();
        awaitExit(server, Duration.ofSeconds(30));
        server = null;
    }

    /** Stops the server and deletes its directory. */
    public synchronized void destroy() {
        try {
            stop();
        } catch (RuntimeException e) {
            kill();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    /** The postmaster itself: under runuser the process we started is its parent, so signals go by its pid file. */
    private java.util.Optional<ProcessHandle> postmaster() {
        try {
            String pid = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).trim();
            return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static void awaitExit(ProcessHandle h, Duration within) {
        try {
            h.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            h.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void init() throws IOException {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        if (asRoot) {
            run(List.of("chown", "postgres:postgres", root.toString()), Duration.ofSeconds(10));
        }
        run(command(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")), Duration.ofSeconds(120));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("postgres exited with " + server.exitValue() + ": " + logTail());
            }
            if (exitCode(List.of(bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1",
                    "-p", String.valueOf(port), "-U", "postgres"), Duration.ofSeconds(5)) == 0) {
                return;
            }
            try {
                Thread.sleep(50); // polling interval, not a wait for readiness
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for postgres", e);
            }
        }
        throw new IllegalStateException("postgres not ready within " + READY_TIMEOUT + ": " + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(root.resolve("postgres.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private List<String> command(List<String> cmd) {
        if (!asRoot) {
            return cmd;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        out.addAll(cmd);
        return out;
    }

    private static void awaitExit(Process p, Duration within) {
        try {
            if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run(List<String> cmd, Duration within) {
        StringBuilder out = new StringBuilder();
        int rc = exec(cmd, within, out);
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (" + rc + "): " + out);
        }
    }

    private static int exitCode(List<String> cmd, Duration within) {
        return exec(cmd, within, new StringBuilder());
    }

    private static int exec(List<String> cmd, Duration within, StringBuilder output) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] bytes = p.getInputStream().readAllBytes();
            output.append(new String(bytes, StandardCharsets.UTF_8));
            if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Path findBin() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0 && Files.isExecutable(Path.of(out, "initdb"))) {
                return Path.of(out);
            }
        } catch (IOException | InterruptedException e) {
            // fall back to the Debian layout
        }
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                return versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparingInt(PostgresProcess::majorVersion))
                        .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql: "
                                + "apt-get install postgresql"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot list /usr/lib/postgresql", e);
            }
        }
        throw new IllegalStateException("PostgreSQL binaries not found (pg_config --bindir, /usr/lib/postgresql/*/bin):"
                + " apt-get install postgresql");
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
