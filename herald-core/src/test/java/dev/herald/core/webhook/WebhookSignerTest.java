package dev.herald.core.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignerTest {
    static final WebhookSecret VECTOR_SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final Instant VECTOR_TIME = Instant.ofEpochSecond(1614265330);
    static final byte[] VECTOR_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void standardWebhooksPublishedTestVectorIsReproduced() {
        SignatureHeaders headers = WebhookSigner.sign(VECTOR_ID, VECTOR_TIME, VECTOR_BODY, SigningSecrets.of(VECTOR_SECRET));
        assertThat(headers.webhookId()).isEqualTo(VECTOR_ID);
        assertThat(headers.webhookTimestamp()).isEqualTo("1614265330");
        assertThat(headers.webhookSignature()).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void xSignatureIsHexHmacOfTheBodyKeyedWithTheWholeSecretString() {
        // Python: hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(), as in the seed's verifier.
        assertThat(WebhookSigner.xSignature(VECTOR_BODY, VECTOR_SECRET))
                .isEqualTo("80ec8a89ce3cd22133a1066caecb4d04fea7467657c8514d717ec42c38a5c94c");
    }

    @Test
    void duringRotationWebhookSignatureCarriesNewThenOldAndXSignatureStaysOnTheOldSecret() {
        WebhookSecret newer = WebhookSecret.mint();
        SigningSecrets secrets = SigningSecrets.of(VECTOR_SECRET).rotatedTo(newer);
        SignatureHeaders headers = WebhookSigner.sign(VECTOR_ID, VECTOR_TIME, VECTOR_BODY, secrets);
        assertThat(headers.webhookSignature()).isEqualTo(
                WebhookSigner.standardSignature(VECTOR_ID, 1614265330, VECTOR_BODY, newer)
                        + " v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(headers.xSignature()).isEqualTo(WebhookSigner.xSignature(VECTOR_BODY, VECTOR_SECRET));

        SignatureHeaders afterOverlap = WebhookSigner.sign(VECTOR_ID, VECTOR_TIME, VECTOR_BODY, secrets.overlapCompleted());
        assertThat(afterOverlap.webhookSignature()).doesNotContain(" ");
        assertThat(afterOverlap.xSignature()).isEqualTo(WebhookSigner.xSignature(VECTOR_BODY, newer));
    }

    @Test
    void rotatingAgainDropsTheOldestSecret() {
        WebhookSecret second = WebhookSecret.mint();
        WebhookSecret third = WebhookSecret.mint();
        SigningSecrets secrets = SigningSecrets.of(VECTOR_SECRET).rotatedTo(second).rotatedTo(third);
        assertThat(secrets.forStandardWebhooks()).containsExactly(third, second);
    }

    @Test
    void eachAttemptIsSignedAfreshWithItsOwnTimestampButTheSameId() {
        SigningSecrets secrets = SigningSecrets.of(VECTOR_SECRET);
        SignatureHeaders first = WebhookSigner.sign(VECTOR_ID, VECTOR_TIME, VECTOR_BODY, secrets);
        SignatureHeaders retry = WebhookSigner.sign(VECTOR_ID, VECTOR_TIME.plusSeconds(60), VECTOR_BODY, secrets);
        assertThat(retry.webhookId()).isEqualTo(first.webhookId());
        assertThat(retry.webhookTimestamp()).isEqualTo("1614265390");
        assertThat(retry.webhookSignature()).isNotEqualTo(first.webhookSignature());
        assertThat(retry.xSignature()).isEqualTo(first.xSignature());
    }

    @Test
    void headersComeAsNameValuePairs() {
        SignatureHeaders headers = WebhookSigner.sign(VECTOR_ID, VECTOR_TIME, VECTOR_BODY, SigningSecrets.of(VECTOR_SECRET));
        assertThat(headers.asMap()).containsOnlyKeys("webhook-id", "webhook-timestamp", "webhook-signature", "X-Signature");
    }

    @Test
    void signingOnManyThreadsAtOnceGivesWhatOneThreadGives() throws Exception {
        // The signer keeps one Mac per thread and keys it on every call: calls with different secrets interleaved
        // on several threads must never sign with another call's key or state.
        WebhookSecret[] secrets = {VECTOR_SECRET, WebhookSecret.mint(), WebhookSecret.mint(), WebhookSecret.mint()};
        String[] expected = new String[secrets.length];
        for (int i = 0; i < secrets.length; i++) {
            expected[i] = WebhookSigner.standardSignature(VECTOR_ID, 1614265330, VECTOR_BODY, secrets[i])
                    + "|" + WebhookSigner.xSignature(VECTOR_BODY, secrets[i]);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    for (int n = 0; n < 2_000; n++) {
                        int i = (n + offset) % secrets.length;
                        String got = WebhookSigner.standardSignature(VECTOR_ID, 1614265330, VECTOR_BODY, secrets[i])
                                + "|" + WebhookSigner.xSignature(VECTOR_BODY, secrets[i]);
                        if (!got.equals(expected[i])) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertThat(r.get(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
