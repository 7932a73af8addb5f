package dev.herald.server.testkit;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Herald as a separate OS process ({@code herald serve}), for what only a real process shows: SIGTERM,
 * kill -9, exit codes.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static ServerProcess start(Path dataDir, Map<String, String> env) throws IOException {
        return start(dataDir, freePort(), env);
    }

    /** A free TCP port, e.g. to restart a server where its clients will look for it. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Herald on {@code port}: a restart on the same port is one its clients can reconnect to. */
    public static ServerProcess start(Path dataDir, int port, Map<String, String> env) throws IOException {
        return start(dataDir, port, env, null);
    }

    /** Herald reading {@code configFile} ({@code serve --config}); the environment still sets port, data and secret. */
    public static ServerProcess start(Path dataDir, Map<String, String> env, Path configFile) throws IOException {
        return start(dataDir, freePort(), env, configFile);
    }

    private static ServerProcess start(Path dataDir, int port, Map<String, String> env, Path configFile)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                // Signals as a fresh shell would have them: a suite started under nohup must not pass its ignored
                // SIGHUP on to the server (the JVM then keeps it ignored, and reload on SIGHUP is off).
                "env", "--default-signal=HUP,INT,TERM",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The JVM options ./herald ships with, so these process-level tests run under them too.
                "@" + Path.of("..", "jvm.options").toAbsolutePath().normalize(),
                "-cp", System.getProperty("java.class.path"), "dev.herald.server.cli.HeraldCli", "serve"));
        if (configFile != null) {
            cmd.addAll(List.of("--config", configFile.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HERALD_DATA_DIR", dataDir.toString());
        pb.environment().put("HERALD_SERVER_PORT", Integer.toString(port));
        pb.environment().put("HERALD_AUTH_JWT_SECRET", TestServer.JWT_SECRET);
        pb.environment().putAll(env);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log.toString())));
        ServerProcess sp = new ServerProcess(pb.start(), port, log);
        HttpApiClient probe = new HttpApiClient(sp.http(), null);
        Eventually.until("herald serve is up (log: " + log + ")", Duration.ofSeconds(30), () -> {
            if (!sp.process.isAlive()) {
                throw new AssertionError("herald serve exited with " + sp.process.exitValue() + "; log: " + log);
            }
            try {
                return probe.get("/health").status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        });
        return sp;
    }

    public int port() {
        return port;
    }

    public String http() {
        return "http://127.0.0.1:" + port;
    }

    public String ws() {
        return "ws://127.0.0.1:" + port;
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, then the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("herald did not exit within 20 s of SIGTERM; log: " + log);
        }
        return process.exitValue();
    }

    /** Sends a signal by name, e.g. {@code HUP}. */
    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    public Path log() {
        return log;
    }

    /** What the server has written to its log so far. */
    public String logText() {
        try {
            return java.nio.file.Files.readString(log);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
