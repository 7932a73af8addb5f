package dev.herald.server.cli;

import dev.herald.core.webhook.SignatureHeaders;
import dev.herald.core.webhook.SigningSecrets;
import dev.herald.core.webhook.WebhookSecret;
import dev.herald.core.webhook.WebhookSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald webhook verify}: a receiver's check of a request it got, run as the real CLI process. */
class WebhookVerifyCommandTest {
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"eventType\":\"a.b\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    record Run(int exit, String output) {
    }

    private Run herald(byte[] stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.herald.server.cli.HeraldCli"));
        cmd.addAll(List.of(args));
        Path in = Files.write(dir.resolve("body"), stdin);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(in.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aGenuineRequestVerifiesByBothSchemesFromAHeadersFile() throws Exception {
        WebhookSecret secret = WebhookSecret.mint();
        SignatureHeaders h = WebhookSigner.sign("evt_1", Instant.now(), BODY, SigningSecrets.of(secret));
        Path headers = Files.writeString(dir.resolve("headers"), "Content-Type: application/json\n"
                + "webhook-id: " + h.webhookId() + "\nwebhook-timestamp: " + h.webhookTimestamp()
                + "\nwebhook-signature: " + h.webhookSignature() + "\nX-Signature: " + h.xSignature() + "\n");
        Run run = herald(BODY, "webhook", "verify", "--secret", secret.value(), "--headers", headers.toString());
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("X-Signature: valid").contains("webhook-timestamp: within tolerance")
                .contains("Standard Webhooks: valid").doesNotContain(secret.value());
    }

    @Test
    void aTamperedBodyFailsEverySchemeWithExitCode1AndABadSecretIsExitCode2() throws Exception {
        WebhookSecret secret = WebhookSecret.mint();
        SignatureHeaders h = WebhookSigner.sign("evt_1", Instant.now(), BODY, SigningSecrets.of(secret));
        byte[] tampered = "{\"id\":\"evt_1\",\"eventType\":\"a.b\",\"data\":{\"x\":1}}".getBytes(StandardCharsets.UTF_8);
        Run run = herald(tampered, "webhook", "verify", "--secret", secret.value(), "--id", h.webhookId(),
                "--timestamp", h.webhookTimestamp(), "--signature", h.webhookSignature(), "--x-signature", h.xSignature());
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("X-Signature: invalid").contains("Standard Webhooks: invalid");

        Run onlyX = herald(BODY, "webhook", "verify", "--secret", secret.value(), "--x-signature", h.xSignature());
        assertThat(onlyX.exit()).as(onlyX.output()).isZero();
        assertThat(onlyX.output()).contains("X-Signature: valid").contains("webhook-signature: absent");

        assertThat(herald(BODY, "webhook", "verify", "--secret", "nope").exit()).isEqualTo(2);
    }
}
