package dev.herald.core.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signature headers of one webhook request. As produced by {@link WebhookSigner} every value is set; as
 * handed to {@link WebhookVerifier} (from what a receiver got) any may be null when the header was absent.
 *
 * @param webhookId        {@code webhook-id}: the event id, the same on every retry
 * @param webhookTimestamp {@code webhook-timestamp}: unix seconds of this attempt
 * @param webhookSignature {@code webhook-signature}: space-separated {@code v1,<base64>} entries
 * @param xSignature       {@code X-Signature}: lowercase hex HMAC-SHA256 of the raw body
 */
public record SignatureHeaders(String webhookId, String webhookTimestamp, String webhookSignature, String xSignature) {
    public static final String WEBHOOK_ID = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE = "webhook-signature";
    public static final String X_SIGNATURE = "X-Signature";

    /** Header name to value, in a stable order, absent headers left out. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        putIfSet(m, WEBHOOK_ID, webhookId);
        putIfSet(m, WEBHOOK_TIMESTAMP, webhookTimestamp);
        putIfSet(m, WEBHOOK_SIGNATURE, webhookSignature);
        putIfSet(m, X_SIGNATURE, xSignature);
        return m;
    }

    private static void putIfSet(Map<String, String> m, String name, String value) {
        if (value != null) {
            m.put(name, value);
        }
    }
}
