package dev.herald.core.webhook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The signature verifiers published in the Kora Sentinel seed ({@code shared/seeds/}, beside the project),
 * cut out verbatim: each runs unchanged against what Herald sends. Test-only.
 */
public final class SeedVerifiers {
    private SeedVerifiers() {
    }

    /** The Node.js {@code verifyWebhookSignature} function, with its {@code require}. */
    public static Optional<String> node() throws IOException {
        return seedText().map(t -> between(t, "const crypto = require(\"crypto\");", "// In your Express handler"));
    }

    /**
     * The Python {@code verify_webhook_signature} function, with its imports. The seed page lost all
     * indentation, which Python needs, so the function body is indented again; no token changes.
     */
    public static Optional<String> python() throws IOException {
        return seedText().map(t -> indentFunctionBody(between(t, "import hmac", "# In your Flask handler")));
    }

    private static String indentFunctionBody(String code) {
        StringBuilder out = new StringBuilder();
        boolean inBody = false;
        for (String line : code.split("\n", -1)) {
            out.append(inBody && !line.isBlank() ? "    " + line : line).append('\n');
            inBody |= line.startsWith("def ");
        }
        return out.toString();
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = text.indexOf(end, from);
        if (from < 0 || to < 0) {
            throw new IllegalStateException("the seed no longer contains the snippet starting with " + start);
        }
        return text.substring(from, to);
    }

    /** The seed document that publishes the verifiers, found in a {@code shared/seeds} folder above the working directory. */
    private static Optional<String> seedText() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path seeds = dir.resolve("shared").resolve("seeds");
            if (Files.isDirectory(seeds)) {
                try (Stream<Path> files = Files.list(seeds)) {
                    for (Path file : files.sorted().toList()) {
                        String text = Files.readString(file);
                        if (text.contains("function verifyWebhookSignature(") && text.contains("def verify_webhook_signature(")) {
                            return Optional.of(text);
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
