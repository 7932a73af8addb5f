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
        Path p = Path.of("..", "test-clients", "node_modules").toAbsolutePath().normalize();
        boolean present = Files.isDirectory(p.resolve("ws"));
        if (System.getenv("CI") != null && !present) {
            throw new AssertionError("test-clients/node_modules is missing: .ci/run must run npm ci in test-clients");
        }
        assumeTrue(present, "npm packages not installed (cd test-clients && npm ci)");
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

    /** Waits for the process and returns everything it printed. */
    public static String output(Process p, int timeoutSeconds) throws Exception {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
