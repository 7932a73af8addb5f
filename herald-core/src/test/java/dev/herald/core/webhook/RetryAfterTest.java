package dev.herald.core.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-04-07T14:31:00Z");

    @Test
    void delaySecondsAreReadAsAWait() {
        assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    }

    @Test
    void anAbsurdlyLongDelayIsStillReadAsVeryLong() {
        assertThat(RetryAfter.parse("99999999999999999999999", NOW).orElseThrow()).isGreaterThan(Duration.ofDays(365));
    }

    @Test
    void httpDatesInAllThreeFormsAreReadAsTheWaitUntilThen() {
        Duration ninety = Duration.ofSeconds(90);
        assertThat(RetryAfter.parse("Tue, 07 Apr 2026 14:32:30 GMT", NOW)).contains(ninety);
        assertThat(RetryAfter.parse("Tuesday, 07-Apr-26 14:32:30 GMT", NOW)).contains(ninety);
        assertThat(RetryAfter.parse("Tue Apr  7 14:32:30 2026", NOW)).contains(ninety);
    }

    @Test
    void aDateInThePastMeansNow() {
        assertThat(RetryAfter.parse("Tue, 07 Apr 2026 14:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void unreadableValuesAreIgnored() {
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    }

    @Test
    void onlyA429OrA503AnswerIsHeard() {
        assertThat(RetryAfter.fromAnswer(429, "30", NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.fromAnswer(503, "30", NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.fromAnswer(500, "30", NOW)).isEmpty();
        assertThat(RetryAfter.fromAnswer(301, "30", NOW)).isEmpty();
    }
}
