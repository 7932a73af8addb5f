package dev.herald.core.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.StringJoiner;

/**
 * Signs one delivery attempt. Each attempt is signed afresh with its own timestamp; the body and the id stay
 * those of the event. Two schemes ride on every request:
 * <ul>
 *   <li>{@code X-Signature}: hex HMAC-SHA256 of the raw body keyed with the whole secret string — exactly what
 *       the seed's Node, Python and Go verifiers compute;</li>
 *   <li>Standard Webhooks 1.0: {@code webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">}
 *       keyed with the decoded secret, one entry per live secret, newest first.</li>
 * </ul>
 * Thread-safe; no state.
 */
public final class WebhookSigner {
    private WebhookSigner() {
    }

    public static SignatureHeaders sign(String webhookId, Instant attemptAt, byte[] body, SigningSecrets secrets) {
        long timestamp = attemptAt.getEpochSecond();
        StringJoiner signatures = new StringJoiner(" ");
        for (WebhookSecret secret : secrets.forStandardWebhooks()) {
            signatures.add(standardSignature(webhookId, timestamp, body, secret));
        }
        return new SignatureHeaders(webhookId, Long.toString(timestamp), signatures.toString(),
                xSignature(body, secrets.forXSignature()));
    }

    /** The {@code X-Signature} value: lowercase hex, as Node's {@code digest("hex")} and Python's {@code hexdigest()}. */
    public static String xSignature(byte[] body, WebhookSecret secret) {
        return HexFormat.of().formatHex(HmacSha256.of(secret.xSignatureKey(), body));
    }

    /** One {@code webhook-signature} entry, {@code v1,<base64>}. */
    public static String standardSignature(String webhookId, long timestamp, byte[] body, WebhookSecret secret) {
        return "v1," + Base64.getEncoder().encodeToString(
                standardMac(webhookId, Long.toString(timestamp), body, secret));
    }

    /** The HMAC over {@code "{id}.{timestamp}.{body}"}, the timestamp exactly as its header carries it. */
    static byte[] standardMac(String webhookId, String timestamp, byte[] body, WebhookSecret secret) {
        byte[] prefix = (webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        return HmacSha256.of(secret.key(), prefix, body);
    }
}
