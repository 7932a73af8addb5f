package dev.herald.core.webhook;

import java.util.List;

/**
 * What {@link WebhookVerifier} found about one received request: each scheme judged on its own, so a
 * receiver's test (or {@code herald webhook verify}) can say which signature it may rely on.
 *
 * @param xSignature the {@code X-Signature} header against the body
 * @param signatures each entry of {@code webhook-signature}, in header order
 * @param timestamp  {@code webhook-timestamp} against the verifier's clock and tolerance
 */
public record Verification(Outcome xSignature, List<SignatureCheck> signatures, TimestampCheck timestamp) {
    public Verification {
        signatures = List.copyOf(signatures);
    }

    public enum Outcome { VALID, INVALID, ABSENT }

    public enum TimestampCheck { WITHIN_TOLERANCE, TOO_OLD, TOO_NEW, MALFORMED, ABSENT }

    /**
     * @param entry the entry as received, e.g. {@code v1,g0hM9S…}
     * @param valid true only for a {@code v1} entry whose HMAC matches; other versions are never valid
     */
    public record SignatureCheck(String entry, boolean valid) {
    }

    /** Standard Webhooks' rule: some {@code v1} entry matches and the timestamp is within tolerance. */
    public boolean standardWebhooksValid() {
        return timestamp == TimestampCheck.WITHIN_TOLERANCE && signatures.stream().anyMatch(SignatureCheck::valid);
    }

    public boolean xSignatureValid() {
        return xSignature == Outcome.VALID;
    }
}
