package dev.herald.server.cli;

import dev.herald.core.webhook.SignatureHeaders;
import dev.herald.core.webhook.Verification;
import dev.herald.core.webhook.WebhookSecret;
import dev.herald.core.webhook.WebhookVerifier;
import dev.herald.server.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code herald webhook}: tools for receivers. */
@Command(name = "webhook", description = "Tools for webhook receivers.", subcommands = WebhookCommand.Verify.class)
final class WebhookCommand {

    /**
     * {@code herald webhook verify --secret s [--id --timestamp --signature --x-signature | --headers f] < body}:
     * says which signatures of a received request verify. Exit 0 when at least one scheme verifies, 1 when none
     * does, 2 on bad input.
     */
    @Command(name = "verify", description = "Check a received webhook's signatures; the raw body is read from stdin.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--secret", required = true, description = "the endpoint's secret (whsec_…)")
        String secret;

        @Option(names = "--id", description = "webhook-id header")
        String id;

        @Option(names = "--timestamp", description = "webhook-timestamp header")
        String timestamp;

        @Option(names = "--signature", description = "webhook-signature header (space-separated v1,… entries)")
        String signature;

        @Option(names = "--x-signature", description = "X-Signature header (hex)")
        String xSignature;

        @Option(names = "--headers", description = "a file of received headers, one 'Name: value' per line")
        Path headersFile;

        @Option(names = "--tolerance", defaultValue = "5m", description = "allowed webhook-timestamp skew (default: ${DEFAULT-VALUE})")
        String tolerance;

        InputStream in = System.in;
        PrintStream out = System.out;
        PrintStream err = System.err;

        @Override
        public Integer call() throws IOException {
            WebhookSecret parsed;
            try {
                parsed = WebhookSecret.parse(secret);
            } catch (IllegalArgumentException e) {
                err.println("herald: --secret: " + e.getMessage());
                return 2;
            }
            Duration skew = Durations.parse(tolerance);
            if (skew == null) {
                err.println("herald: --tolerance \"" + tolerance + "\" is not a duration");
                return 2;
            }
            if (headersFile != null) {
                readHeaders(headersFile);
            }
            byte[] body = in.readAllBytes();
            SignatureHeaders headers = new SignatureHeaders(id, timestamp, signature, xSignature);
            Verification v = new WebhookVerifier(Clock.systemUTC(), skew).verify(body, headers, parsed);
            report(v);
            return v.xSignatureValid() || v.standardWebhooksValid() ? 0 : 1;
        }

        private void report(Verification v) {
            out.println("X-Signature: " + v.xSignature().name().toLowerCase(Locale.ROOT));
            if (v.signatures().isEmpty()) {
                out.println("webhook-signature: absent");
            }
            for (Verification.SignatureCheck c : v.signatures()) {
                String shown = c.entry().length() > 16 ? c.entry().substring(0, 16) + "…" : c.entry();
                out.println("webhook-signature " + shown + ": " + (c.valid() ? "valid" : "invalid"));
            }
            out.println("webhook-timestamp: " + v.timestamp().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            out.println("Standard Webhooks: " + (v.standardWebhooksValid() ? "valid" : "invalid"));
        }

        private void readHeaders(Path file) throws IOException {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                switch (name) {
                    case "webhook-id" -> id = id == null ? value : id;
                    case "webhook-timestamp" -> timestamp = timestamp == null ? value : timestamp;
                    case "webhook-signature" -> signature = signature == null ? value : signature;
                    case "x-signature" -> xSignature = xSignature == null ? value : xSignature;
                    default -> {
                        // other headers are not signatures
                    }
                }
            }
        }
    }
}
