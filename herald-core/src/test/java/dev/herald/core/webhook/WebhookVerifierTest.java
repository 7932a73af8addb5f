package dev.herald.core.webhook;

import dev.herald.core.webhook.Verification.Outcome;
import dev.herald.core.webhook.Verification.SignatureCheck;
import dev.herald.core.webhook.Verification.TimestampCheck;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.herald.core.webhook.WebhookSignerTest.VECTOR_BODY;
import static dev.herald.core.webhook.WebhookSignerTest.VECTOR_ID;
import static dev.herald.core.webhook.WebhookSignerTest.VECTOR_SECRET;
import static dev.herald.core.webhook.WebhookSignerTest.VECTOR_TIME;
import static org.assertj.core.api.Assertions.assertThat;

class WebhookVerifierTest {
    private final WebhookVerifier verifier = verifierAt(VECTOR_TIME.plusSeconds(30));

    private static WebhookVerifier verifierAt(Instant now) {
        return new WebhookVerifier(Clock.fixed(now, ZoneOffset.UTC), WebhookVerifier.DEFAULT_TOLERANCE);
    }

    @Test
    void whatTheSignerSendsVerifiesUnderBothSchemes() {
        SignatureHeaders headers = WebhookSigner.sign(VECTOR_ID, VECTOR_TIME, VECTOR_BODY, SigningSecrets.of(VECTOR_SECRET));
        Verification v = verifier.verify(VECTOR_BODY, headers, VECTOR_SECRET);
        assertThat(v.xSignatureValid()).isTrue();
        assertThat(v.standardWebhooksValid()).isTrue();
        assertThat(v.timestamp()).isEqualTo(TimestampCheck.WITHIN_TOLERANCE);
    }

    @Test
    void aChangedBodyFailsBothSchemes() {
        SignatureHeaders headers = WebhookSigner.sign(VECTOR_ID, VECTOR_TIME, VECTOR_BODY, SigningSecrets.of(VECTOR_SECRET));
        Verification v = verifier.verify("{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), headers, VECTOR_SECRET);
        assertThat(v.xSignature()).isEqualTo(Outcome.INVALID);
        assertThat(v.standardWebhooksValid()).isFalse();
    }

    @Test
    void duringRotationTheOldSecretMatchesTheSecondEntryAndXSignature() {
        WebhookSecret newer = WebhookSecret.mint();
        SigningSecrets secrets = SigningSecrets.of(VECTOR_SECRET).rotatedTo(newer);
        SignatureHeaders headers = WebhookSigner.sign(VECTOR_ID, VECTOR_TIME, VECTOR_BODY, secrets);

        Verification withOld = verifier.verify(VECTOR_BODY, headers, VECTOR_SECRET);
        assertThat(withOld.signatures()).extracting(SignatureCheck::valid).containsExactly(false, true);
        assertThat(withOld.xSignatureValid()).isTrue();

        Verification withNew = verifier.verify(VECTOR_BODY, headers, newer);
        assertThat(withNew.signatures()).extracting(SignatureCheck::valid).containsExactly(true, false);
        assertThat(withNew.standardWebhooksValid()).isTrue();
        assertThat(withNew.xSignatureValid()).isFalse();
    }

    @Test
    void timestampsOutsideTheToleranceAreReportedAndFailStandardWebhooks() {
        SignatureHeaders headers = WebhookSigner.sign(VECTOR_ID, VECTOR_TIME, VECTOR_BODY, SigningSecrets.of(VECTOR_SECRET));
        Verification late = verifierAt(VECTOR_TIME.plus(Duration.ofMinutes(6))).verify(VECTOR_BODY, headers, VECTOR_SECRET);
        assertThat(late.timestamp()).isEqualTo(TimestampCheck.TOO_OLD);
        assertThat(late.standardWebhooksValid()).isFalse();
        assertThat(late.xSignatureValid()).isTrue();
        Verification early = verifierAt(VECTOR_TIME.minus(Duration.ofMinutes(6))).verify(VECTOR_BODY, headers, VECTOR_SECRET);
        assertThat(early.timestamp()).isEqualTo(TimestampCheck.TOO_NEW);
    }

    @Test
    void unknownVersionsAndGarbledEntriesNeverVerify() {
        String good = WebhookSigner.standardSignature(VECTOR_ID, VECTOR_TIME.getEpochSecond(), VECTOR_BODY, VECTOR_SECRET);
        SignatureHeaders headers = new SignatureHeaders(VECTOR_ID, "1614265330",
                "v1a," + good.substring(3) + " v1,***  " + good, null);
        Verification v = verifier.verify(VECTOR_BODY, headers, VECTOR_SECRET);
        assertThat(v.signatures()).extracting(SignatureCheck::valid).containsExactly(false, false, true);
        assertThat(v.xSignature()).isEqualTo(Outcome.ABSENT);
    }

    @Test
    void missingHeadersAreReportedAsAbsent() {
        Verification v = verifier.verify(VECTOR_BODY, new SignatureHeaders(null, null, null, null), VECTOR_SECRET);
        assertThat(v.xSignature()).isEqualTo(Outcome.ABSENT);
        assertThat(v.signatures()).isEmpty();
        assertThat(v.timestamp()).isEqualTo(TimestampCheck.ABSENT);
        assertThat(verifier.verify(VECTOR_BODY, new SignatureHeaders(VECTOR_ID, "soon", "v1,x", null), VECTOR_SECRET)
                .timestamp()).isEqualTo(TimestampCheck.MALFORMED);
    }
}
