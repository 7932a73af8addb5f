package dev.herald.core.webhook;

import dev.herald.core.event.Event;
import dev.herald.core.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks against real JavaScript (Node.js, when installed) that Herald's bodies survive
 * {@code JSON.stringify(JSON.parse(body))} unchanged, and that the seed's Node verifier, run verbatim,
 * accepts the {@code X-Signature} Herald sends.
 */
class JavaScriptCompatibilityTest {
    private static Interpreter node;

    @TempDir
    Path dir;

    @BeforeAll
    static void findNode() {
        node = Interpreter.find("node").orElse(null);
        assumeTrue(node != null, "Node.js is not installed");
    }

    @Test
    void jsonStringifyOfJsonParseGivesExactlyWhatHeraldWritesForTrickyBodies() throws Exception {
        assertThat(roundTripFailures(trickyBodies())).isEqualTo("[]");
    }

    @Test
    void randomDoublesAndDecimalTextsPrintAsJavaScriptPrintsThem() throws Exception {
        SplittableRandom random = new SplittableRandom(20260407);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                bodies.add("[" + d + "]");
            }
            double scaled = random.nextDouble() * Math.pow(10, random.nextInt(-30, 30));
            bodies.add("{\"v\":" + scaled + "}");
            // Decimal texts with more digits than a double holds exercise rounding to the nearest double.
            String digits = new BigInteger(random.nextInt(1, 80), new java.util.Random(random.nextLong())).toString();
            bodies.add("[" + digits.charAt(0) + "." + digits.substring(1) + "0e" + random.nextInt(-330, 330) + "]");
        }
        assertThat(roundTripFailures(bodies)).isEqualTo("[]");
    }

    @Test
    void theSeedsNodeVerifierAcceptsTheXSignatureOfWhatHeraldSends() throws Exception {
        String verifier = SeedVerifiers.node().orElse(null);
        assumeTrue(verifier != null, "the seed documents are not beside the project");
        WebhookSecret secret = WebhookSecret.mint();
        for (Event event : List.of(WebhookEnvelopeTest.seedEvent(), trickyEvent())) {
            byte[] body = WebhookEnvelope.encode(event);
            SignatureHeaders headers = WebhookSigner.sign(event.id(), Instant.now(), body, SigningSecrets.of(secret));
            assertThat(runSeedNodeVerifier(verifier, body, headers.xSignature(), secret.value()))
                    .as("parsed by express.json(), then as a raw string").isEqualTo("true true");
            assertThat(runSeedNodeVerifier(verifier, body, headers.xSignature(), WebhookSecret.mint().value()))
                    .isEqualTo("false false");
        }
    }

    @Test
    void duringRotationTheSeedsNodeVerifierStillAcceptsWithTheOldSecret() throws Exception {
        String verifier = SeedVerifiers.node().orElse(null);
        assumeTrue(verifier != null, "the seed documents are not beside the project");
        WebhookSecret old = WebhookSecret.mint();
        byte[] body = WebhookEnvelope.encode(trickyEvent());
        SignatureHeaders headers = WebhookSigner.sign("evt_1", Instant.now(), body,
                SigningSecrets.of(old).rotatedTo(WebhookSecret.mint()));
        assertThat(runSeedNodeVerifier(verifier, body, headers.xSignature(), old.value())).isEqualTo("true true");
    }

    /** Events whose data needs every rule of JS-canonical JSON at once. */
    static Event trickyEvent() {
        String data = "{\"z\":1,\"10\":\"ten\",\"2\":\"two\",\"amount\":45000.0,\"ratio\":0.1,\"big\":1e21,\"tiny\":1E-7,"
                + "\"text\":\"Zoë 日本 😀 \\u2028 \\\"q\\\" \\\\ \\n\\t\\u0001 \\ud800\",\"nested\":{\"1\":[1.50,-0.0,{\"b\":true,\"a\":null}]},"
                + "\"__proto__\":{\"x\":1}}";
        return new Event("evt_tricky", "signal.detected", "acme", null, "signal", null,
                Instant.parse("2026-04-07T14:31:00.123Z"), data, 2);
    }

    private List<String> trickyBodies() {
        List<String> bodies = new ArrayList<>(List.of(
                "{\"b\":1,\"10\":2,\"a\":3,\"2\":4,\"01\":5,\"4294967295\":6,\"4294967294\":7,\"-1\":8,\"0\":9,\"1.5\":10,\" 1\":11,\"1e3\":12}",
                "{\"a\":1,\"b\":2,\"a\":3}",
                "{\"__proto__\":1,\"\":2,\"constructor\":3}",
                "{\"x\":{\"3\":[1,{\"2\":0,\"1\":0}],\"y\":null}}",
                "[45000.0,1e21,1e20,1E-7,1e-6,0.1,0.30000000000000004,123456789012345678901234567890,1.7976931348623157e308]",
                "[5e-324,2.4703282292062328e-324,2.4703282292062327e-324,-0.0,-0,0.000001234,1.0e+2,9007199254740993,1e400,-1e400]",
                "[1.00000000000000011102230246251565404236316680908203125,1.00000000000000011102230246251565404236316680908203126]",
                "[123456789012345680000,1.2345678901234568e20,5.7223519193314771E17,1.80544536094166733E18,100,1e2,0.5e-6]",
                "\"\\u0000\\u001f\\\"\\\\/\\b\\f\\n\\r\\t\\u007f\\u0080é日本😀\\u2028\\u2029\\ud800\\udfff\\ud83d\\ude00\\udc00\\ud800x\"",
                "{\"é\":\"\\uD834\\uDD1E\",\"😀\":[\"\\u00e9\",\"e\\u0301\"]}",
                "[[[[[[[[[[[[[[[[[[[[{}]]]]]]]]]]]]]]]]]]]]",
                "{\"n\":null,\"t\":true,\"f\":false,\"e\":[],\"o\":{}}"));
        bodies.add(WebhookEnvelopeTest.SEED_ENVELOPE);
        bodies.add(WebhookEnvelope.encodeToString(trickyEvent()));
        return bodies;
    }

    /** Runs every input through Herald and through JavaScript; prints the disagreements as a JSON array. */
    private String roundTripFailures(List<String> inputs) throws Exception {
        List<List<String>> pairs = new ArrayList<>();
        for (String input : inputs) {
            pairs.add(List.of(input, JsCanonicalJson.canonicalize(input)));
        }
        Path file = dir.resolve("pairs.json");
        Files.writeString(file, Json.MAPPER.writeValueAsString(pairs), StandardCharsets.UTF_8);
        String script = """
                const pairs = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
                const bad = [];
                for (const [input, herald] of pairs) {
                  const js = JSON.stringify(JSON.parse(input));
                  if (js !== herald || JSON.stringify(JSON.parse(herald)) !== herald) bad.push({input, herald, js});
                }
                console.log(JSON.stringify(bad.slice(0, 20)));
                """;
        return node.run("-e", script, file.toString());
    }

    private String runSeedNodeVerifier(String verifier, byte[] body, String signature, String secret) throws Exception {
        Path file = dir.resolve("body.json");
        Files.write(file, body);
        // What express.json() hands the handler is JSON.parse of the UTF-8 body; the raw string is tried too.
        String script = verifier + """

                const raw = require("fs").readFileSync(process.argv[1], "utf8");
                console.log(verifyWebhookSignature(JSON.parse(raw), process.argv[2], process.argv[3]),
                            verifyWebhookSignature(raw, process.argv[2], process.argv[3]));
                """;
        return node.run("-e", script, file.toString(), signature, secret);
    }
}
