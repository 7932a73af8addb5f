package dev.herald.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.webhook.SeedVerifiers;
import dev.herald.server.testkit.NodeClients;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real receivers' verifiers, run unchanged on a real delivery: the seed's Node {@code verifyWebhookSignature}
 * (as its Express handler calls it, on the parsed body) and the npm {@code standardwebhooks} library.
 */
class WebhookReceiversCompatibilityTest {
    private static TestServer server;
    private static WebhookReceiver receiver;
    private static WebhookReceiver.Request delivered;
    private static String secret;

    @BeforeAll
    static void deliverOne() {
        server = TestServer.start();
        receiver = WebhookReceiver.start();
        WebhookApi api = new WebhookApi(server.api());
        JsonNode endpoint = api.create(receiver.url(), "signal.detected");
        secret = endpoint.get("secret").asText();
        server.api().publish("""
                {"type":"signal.detected","resource_type":"signal","resource_id":"sig_def456","data":{
                 "signalId":"sig_def456","customerName":"Margaret Johnson","severity":"HIGH","confidence":0.87,
                 "score":18.5,"baselineValue":45000.0,"currentValue":135000.0,"deviationFactor":3.0,
                 "tierChanged":true,"newTier":"ELEVATED","1":"index keys first","note":"caf\\u00e9 \\u2028"}}""");
        receiver.awaitRequests(1, Duration.ofSeconds(10));
        delivered = receiver.requests().get(0);
    }

    @AfterAll
    static void stop() {
        receiver.close();
        server.close();
    }

    @Test
    void theSeedsNodeVerifierAcceptsTheXSignatureOfARealDelivery() throws Exception {
        String verifier = SeedVerifiers.node().orElse(null);
        assumeTrue(verifier != null, "the seed documents are not beside the project");
        String out = runNode(verifier + """
                const fs = require("fs");
                const body = JSON.parse(fs.readFileSync(process.env.BODY_FILE, "utf8")); // what express.json() hands over
                console.log(verifyWebhookSignature(body, process.env.SIGNATURE, process.env.SECRET) ? "VALID" : "INVALID");
                """, delivered.header("x-signature"));
        assertThat(out).contains("VALID").doesNotContain("INVALID");
    }

    @Test
    void theStandardWebhooksLibraryVerifiesTheWebhookSignatureOfARealDelivery() throws Exception {
        String out = runNode("""
                const { Webhook } = require("standardwebhooks");
                const fs = require("fs");
                const payload = fs.readFileSync(process.env.BODY_FILE, "utf8");
                const headers = JSON.parse(process.env.HEADERS);
                try { new Webhook(process.env.SECRET).verify(payload, headers); console.log("VALID"); }
                catch (e) { console.log("INVALID " + e.message); }
                """, null);
        assertThat(out).contains("VALID").doesNotContain("INVALID");
    }

    private static String runNode(String script, String signature) throws Exception {
        Path body = Files.createTempFile("herald-webhook-body", ".json");
        Files.write(body, delivered.body());
        String headers = "{\"webhook-id\":\"" + delivered.header("webhook-id") + "\",\"webhook-timestamp\":\""
                + delivered.header("webhook-timestamp") + "\",\"webhook-signature\":\"" + delivered.header("webhook-signature") + "\"}";
        Process p = NodeClients.node(script, Map.of("BODY_FILE", body.toString(), "SECRET", secret,
                "SIGNATURE", signature == null ? "" : signature, "HEADERS", headers));
        return NodeClients.output(p, 30).strip();
    }

}
