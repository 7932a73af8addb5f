package dev.herald.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Backoff, token refresh timing and resume addresses. */
class TimingTest {

    @Test
    void backoffDoublesWithJitterInTheUpperHalfAndStopsAtTheMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 50; i++) {
            assertThat(b.delay(1).toMillis()).isBetween(50L, 100L);
            assertThat(b.delay(3).toMillis()).isBetween(200L, 400L);
            assertThat(b.delay(40).toMillis()).isBetween(500L, 1000L);
        }
    }

    @Test
    void aTokenIsRefreshedThirtySecondsBeforeExpiryOrHalfwayWhenShortLived() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(TokenExpiry.refreshDelay(now, now.plusSeconds(3600))).isEqualTo(Duration.ofSeconds(3570));
        assertThat(TokenExpiry.refreshDelay(now, now.plusSeconds(4))).isEqualTo(Duration.ofSeconds(2));
        assertThat(TokenExpiry.refreshDelay(now, now.minusSeconds(4))).isEqualTo(Duration.ZERO);
    }

    @Test
    void expiryIsReadFromTheJwtPayloadAndAnythingElseHasNone() {
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"a\",\"exp\":1700000000}".getBytes(StandardCharsets.UTF_8));
        assertThat(TokenExpiry.of("h." + payload + ".s")).contains(Instant.ofEpochSecond(1700000000));
        assertThat(TokenExpiry.of("not-a-jwt")).isEmpty();
        assertThat(TokenExpiry.of("a.%%%.c")).isEmpty();
    }

    @Test
    void eachReconnectResumesAfterTheLastSeqKeepingTheOtherQueryParameters() {
        URI base = URI.create("ws://h:1/ws/events?token=t&since=3");
        assertThat(ResumeUri.of(base, null)).isEqualTo(base);
        assertThat(ResumeUri.of(base, 42L)).hasToString("ws://h:1/ws/events?token=t&since=42");
        assertThat(ResumeUri.of(URI.create("ws://h/ws/alice"), 0L)).hasToString("ws://h/ws/alice?since=0");
    }
}
