package dev.herald.core.webhook;

import java.util.List;
import java.util.Objects;

/**
 * The live secrets of one endpoint: at most two. Outside a rotation only {@code current}; during the overlap
 * after a rotation also {@code previous}, the secret receivers may still hold.
 *
 * @param current  the newest secret, never null
 * @param previous the secret being rotated out, or null when no overlap is running
 */
public record SigningSecrets(WebhookSecret current, WebhookSecret previous) {
    public SigningSecrets {
        Objects.requireNonNull(current, "current");
    }

    public static SigningSecrets of(WebhookSecret current) {
        return new SigningSecrets(current, null);
    }

    /** Rotation: {@code next} becomes current, today's current stays live as previous, an older one is dropped. */
    public SigningSecrets rotatedTo(WebhookSecret next) {
        return new SigningSecrets(next, current);
    }

    /** The overlap ends: only the current secret stays live. */
    public SigningSecrets overlapCompleted() {
        return of(current);
    }

    /**
     * The secret {@code X-Signature} uses: the previous one while an overlap runs, because receivers that check
     * only {@code X-Signature} (the seed's verifiers) switch secrets when the overlap is completed, not before.
     */
    public WebhookSecret forXSignature() {
        return previous == null ? current : previous;
    }

    /** The secrets {@code webhook-signature} carries, newest first. */
    public List<WebhookSecret> forStandardWebhooks() {
        return previous == null ? List.of(current) : List.of(current, previous);
    }
}
