package dev.herald.core.webhook;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the seed's Python verifier verbatim (when python3 is installed) against what Herald sends. */
class PythonCompatibilityTest {
    private static Interpreter python;
    private static String verifier;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPythonAndTheSeed() throws Exception {
        python = Interpreter.find("python3").orElse(null);
        assumeTrue(python != null, "python3 is not installed");
        verifier = SeedVerifiers.python().orElse(null);
        assumeTrue(verifier != null, "the seed documents are not beside the project");
    }

    @Test
    void theSeedsPythonVerifierAcceptsTheXSignatureOfWhatHeraldSends() throws Exception {
        WebhookSecret secret = WebhookSecret.mint();
        byte[] body = WebhookEnvelope.encode(JavaScriptCompatibilityTest.trickyEvent());
        SignatureHeaders headers = WebhookSigner.sign("evt_tricky", Instant.now(), body, SigningSecrets.of(secret));
        assertThat(run(body, headers.xSignature(), secret.value())).isEqualTo("True");
        assertThat(run(body, headers.xSignature(), WebhookSecret.mint().value())).isEqualTo("False");
    }

    private String run(byte[] body, String signature, String secret) throws Exception {
        Path file = dir.resolve("body.json");
        Files.write(file, body);
        String script = verifier + """

                import sys
                with open(sys.argv[1], "rb") as f:
                    print(verify_webhook_signature(f.read(), sys.argv[2], sys.argv[3]))
                """;
        return python.run("-c", script, file.toString(), signature, secret);
    }
}
