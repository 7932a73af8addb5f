package dev.herald.core.webhook;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSecretTest {

    @Test
    void aMintedSecretIsWhsecPrefixedBase64OfThirtyTwoRandomBytes() {
        WebhookSecret secret = WebhookSecret.mint();
        assertThat(secret.value()).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.value().substring(6))).hasSize(32).isEqualTo(secret.key());
        assertThat(WebhookSecret.mint()).isNotEqualTo(secret);
    }

    @Test
    void aMintedSecretReadsBackAsItself() {
        WebhookSecret secret = WebhookSecret.mint();
        assertThat(WebhookSecret.parse(secret.value())).isEqualTo(secret);
    }

    @Test
    void theStandardWebhooksKeyIsTheDecodedPartAndTheXSignatureKeyIsTheWholeString() {
        WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(secret.key()).isEqualTo(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertThat(new String(secret.xSignatureKey(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }

    @Test
    void secretsWithoutThePrefixOrWithBadBase64OrTooFewBytesAreRefused() {
        assertThatThrownBy(() -> WebhookSecret.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).hasMessageContaining("whsec_");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_not*base64")).hasMessageContaining("base64");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_" + Base64.getEncoder().encodeToString(new byte[23])))
                .hasMessageContaining("24 to 64 bytes");
        assertThatThrownBy(() -> WebhookSecret.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSecretNeverShowsItsValueWhenPrinted() {
        WebhookSecret secret = WebhookSecret.mint();
        assertThat(secret.toString()).doesNotContain(secret.value().substring(6));
    }
}
