package dev.herald.core.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks a received webhook request as a receiver would, for {@code herald webhook verify} and for tests.
 * Every comparison of a signature runs in time independent of where it differs
 * ({@link MessageDigest#isEqual}). {@code X-Signature} is compared as the seed's verifiers compare it: the
 * exact lowercase hex string. Thread-safe.
 */
public final class WebhookVerifier {
    /** Standard Webhooks' recommended tolerance, both ways, against replay. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final Clock clock;
    private final Duration tolerance;

    public WebhookVerifier(Clock clock, Duration tolerance) {
        this.clock = clock;
        this.tolerance = tolerance;
    }

    public static WebhookVerifier withDefaults() {
        return new WebhookVerifier(Clock.systemUTC(), DEFAULT_TOLERANCE);
    }

    public Verification verify(byte[] body, SignatureHeaders headers, WebhookSecret secret) {
        return new Verification(checkXSignature(body, headers.xSignature(), secret),
                checkSignatures(body, headers, secret), checkTimestamp(headers.webhookTimestamp()));
    }

    private static Verification.Outcome checkXSignature(byte[] body, String received, WebhookSecret secret) {
        if (received == null) {
            return Verification.Outcome.ABSENT;
        }
        byte[] expected = WebhookSigner.xSignature(body, secret).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, received.getBytes(StandardCharsets.UTF_8))
                ? Verification.Outcome.VALID : Verification.Outcome.INVALID;
    }

    private static List<Verification.SignatureCheck> checkSignatures(byte[] body, SignatureHeaders headers,
                                                                     WebhookSecret secret) {
        List<Verification.SignatureCheck> checks = new ArrayList<>();
        if (headers.webhookSignature() == null) {
            return checks;
        }
        byte[] expected = headers.webhookId() == null || headers.webhookTimestamp() == null ? null
                : WebhookSigner.standardMac(headers.webhookId(), headers.webhookTimestamp(), body, secret);
        for (String entry : headers.webhookSignature().trim().split(" +")) {
            if (!entry.isEmpty()) {
                checks.add(new Verification.SignatureCheck(entry, expected != null && matches(entry, expected)));
            }
        }
        return checks;
    }

    private static boolean matches(String entry, byte[] expected) {
        if (!entry.startsWith("v1,")) {
            return false;
        }
        try {
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(3)));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private Verification.TimestampCheck checkTimestamp(String header) {
        if (header == null) {
            return Verification.TimestampCheck.ABSENT;
        }
        long sent;
        try {
            sent = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Verification.TimestampCheck.MALFORMED;
        }
        long now = clock.instant().getEpochSecond();
        if (sent < now - tolerance.toSeconds()) {
            return Verification.TimestampCheck.TOO_OLD;
        }
        if (sent > now + tolerance.toSeconds()) {
            return Verification.TimestampCheck.TOO_NEW;
        }
        return Verification.TimestampCheck.WITHIN_TOLERANCE;
    }
}
