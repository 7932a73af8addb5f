package dev.herald.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway {@code redis-server} on a free loopback port, without persistence, its files in a temporary
 * directory. {@link #start()} after {@link #stop()} or {@link #kill()} brings it back on the same port, so a
 * test can stage an outage while clients keep their configured URL.
 *
 * <p>Readiness is decided by polling {@code PING} over a socket, never by sleeping a fixed time.
 */
public final class RedisProcess implements AutoCloseable {
    private static final String BINARY = "/usr/bin/redis-server";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static RedisProcess shared;

    private final Path dir;
    private int port;
    private Process process;

    public RedisProcess() {
        try {
            this.dir = Files.createTempDirectory("herald-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One server per JVM, started on first use and stopped when the JVM exits. Do not stop or kill it. */
    public static synchronized RedisProcess shared() {
        if (shared == null) {
            RedisProcess p = new RedisProcess();
            p.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::close, "redis-process-shutdown"));
            shared = p;
        }
        return shared;
    }

    /** Starts the server (on a new free port the first time, on the same port afterwards) and waits for PING. */
    public synchronized RedisProcess start() {
        if (isRunning()) {
            return this;
        }
        if (port != 0) {
            launch();
            return this;
        }
        // A free port found now may be taken before the server binds it (other builds share this machine).
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            try {
                launch();
                return this;
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private void launch() {
        ProcessBuilder pb = new ProcessBuilder(List.of(BINARY,
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + BINARY, e);
        }
        awaitReady();
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** A clean shutdown ({@code SHUTDOWN NOSAVE}); the process is destroyed if it does not exit in time. */
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        try {
            command("SHUTDOWN NOSAVE");
        } catch (IOException expected) {
            // the server closes the connection instead of answering
        }
        awaitExit(false);
    }

    /** SIGKILL: the server vanishes without closing anything gracefully. */
    public synchronized void kill() {
        if (!isRunning()) {
            return;
        }
        process.destroyForcibly();
        awaitExit(true);
    }

    /** Stops the server and removes its directory. */
    @Override
    public synchronized void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    /** Sends one inline command and returns the first reply line (for tests that need a raw client). */
    public String command(String inline) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readLine(s.getInputStream());
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": " + log());
            }
            try {
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-server on port " + port + " not ready after "
                        + READY_TIMEOUT.toSeconds() + " s: " + log());
            }
            pause();
        }
    }

    private void awaitExit(boolean killed) {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && !killed) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String log() {
        try {
            String text = Files.readString(dir.resolve("redis.log"));
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        if (c == -1 && sb.length() == 0) {
            throw new IOException("connection closed");
        }
        return sb.toString();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }
}
