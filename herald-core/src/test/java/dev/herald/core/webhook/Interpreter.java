package dev.herald.core.webhook;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** An external program (node, python3) found on PATH, run once with a script and arguments. Test-only. */
record Interpreter(Path executable) {

    static Optional<Interpreter> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(new Interpreter(candidate));
            }
        }
        return Optional.empty();
    }

    /** Runs {@code executable flag script args…}; returns what it printed (stdout and stderr), failing on a non-zero exit or after 60 s. */
    String run(String flag, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), flag, script));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("herald-interpreter", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(executable + " did not finish within 60 s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(executable + " exited " + process.exitValue() + ":\n" + text);
            }
            return text.strip();
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
