package dev.herald.core.webhook;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptErrorTest {

    @Test
    void wireNamesAreExactlyTheOnesTheDeliveryLogDocuments() {
        assertThat(Arrays.stream(AttemptError.values()).map(AttemptError::wireName)).containsExactly("timeout",
                "connection_refused", "connection_reset", "dns", "tls", "redirect", "forbidden_target",
                "response_too_large");
    }

    @Test
    void wireNamesReadBackAndUnknownOnesDoNot() {
        assertThat(AttemptError.fromWireName("connection_reset")).contains(AttemptError.CONNECTION_RESET);
        assertThat(AttemptError.fromWireName("CONNECTION_RESET")).isEmpty();
    }
}
