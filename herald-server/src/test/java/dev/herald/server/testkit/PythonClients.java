package dev.herald.server.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the seeds' Python client code with Debian's {@code /usr/bin/python3} and its {@code python3-websockets}
 * package, which {@code scripts/install-test-deps.sh} installs. Outside CI a missing module skips the test;
 * in CI (env {@code CI} set) it fails.
 */
public final class PythonClients {
    private static final String PYTHON = "/usr/bin/python3";

    private PythonClients() {
    }

    /** Checks that {@code websockets} is importable; see the class comment for what happens when it is not. */
    public static void requireWebsockets() {
        boolean present = Files.isExecutable(Path.of(PYTHON)) && imports("websockets");
        if (System.getenv("CI") != null && !present) {
            throw new AssertionError(PYTHON + " cannot import websockets: scripts/install-test-deps.sh must install python3-websockets");
        }
        assumeTrue(present, "python3-websockets not installed (apt-get install python3-websockets)");
    }

    private static boolean imports(String module) {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A started process running {@code script} unbuffered ({@code -u}), so its prints arrive as they happen. */
    public static Process python(String script) throws IOException {
        requireWebsockets();
        Path file = Files.createTempFile("herald-seed", ".py");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        return new ProcessBuilder(List.of(PYTHON, "-u", file.toString())).redirectErrorStream(true).start();
    }
}
