package dev.herald.server.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the seeds' own client code under Node with the npm packages of {@code test-clients/} ({@code ws},
 * {@code wscat}), which {@code .ci/run} installs. Outside CI a missing install skips the test; in CI it fails.
 */
public final class NodeClients {
    private NodeClients() {
    }

    public static Path modules() {
        return modules("ws");
    }

    /** The test clients' node_modules, holding each of {@code packages} (skip or fail as {@link NodeClients} says). */
    public static Path modules(String... packages) {
        Path p = Path.of("..", "test-clients", "node_modules").toAbsolutePath().normalize();
        boolean present = java.util.Arrays.stream(packages).allMatch(name -> Files.isDirectory(p.resolve(name)));
        if (System.getenv("CI") != null && !present) {
            throw new AssertionError("test-clients/node_modules lacks one of " + List.of(packages)
                    + ": .ci/run must run npm ci in test-clients");
        }
        assumeTrue(present, "npm packages " + List.of(packages) + " not installed (cd test-clients && npm ci)");
        return p;
    }

    /** A started process running {@code script} with node, NODE_PATH set to the test clients. */
    public static Process node(String script, Map<String, String> env) throws IOException {
        Path file = Files.createTempFile("herald-seed", ".js");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        return start(List.of("node", file.toString()), env);
    }

    public static Process start(List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", modules().toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Everything {@code p} prints, line by line as it comes (a daemon thread reads it). */
    public static List<String> lines(Process p) {
        return lines(p, java.util.function.UnaryOperator.identity());
    }

    /** Like {@link #lines(Process)}, each line passed through {@code clean} first (e.g. to drop terminal colours). */
    public static List<String> lines(Process p, java.util.function.UnaryOperator<String> clean) {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try (java.io.BufferedReader r = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(clean.apply(line));
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return lines;
    }

    /** Waits for the process and returns everything it printed. */
    public static String output(Process p, int timeoutSeconds) throws Exception {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
