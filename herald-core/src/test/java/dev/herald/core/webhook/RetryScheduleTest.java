package dev.herald.core.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryScheduleTest {
    private static final Instant T0 = Instant.parse("2026-04-07T14:31:00Z");

    @Test
    void theDefaultScheduleRetriesAfter1m5m30m2hAnd24hThenGivesUpAfterSixAttempts() {
        RetrySchedule schedule = RetrySchedule.defaults();
        assertThat(schedule.maxAttempts()).isEqualTo(6);
        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 5; attempt++) {
            waits.add(Duration.between(T0, schedule.nextAttemptAt(attempt, T0, Optional.empty()).orElseThrow()));
        }
        assertThat(waits).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(24));
        assertThat(schedule.nextAttemptAt(6, T0, Optional.empty())).isEmpty();
    }

    @Test
    void eachDelayCountsFromTheAttemptThatJustFailed() {
        Instant failedAt = T0.plusSeconds(3600);
        assertThat(RetrySchedule.defaults().nextAttemptAt(2, failedAt, Optional.empty()))
                .contains(failedAt.plus(Duration.ofMinutes(5)));
    }

    @Test
    void retryAfterShorterThanTheScheduledDelayBringsTheRetryForward() {
        assertThat(RetrySchedule.defaults().nextAttemptAt(3, T0, Optional.of(Duration.ofSeconds(90))))
                .contains(T0.plusSeconds(90));
    }

    @Test
    void retryAfterLongerThanTheScheduledDelayIsCappedAtIt() {
        assertThat(RetrySchedule.defaults().nextAttemptAt(1, T0, Optional.of(Duration.ofDays(365))))
                .contains(T0.plus(Duration.ofMinutes(1)));
    }

    @Test
    void retryAfterZeroStillWaitsOneSecond() {
        assertThat(RetrySchedule.defaults().nextAttemptAt(1, T0, Optional.of(Duration.ZERO))).contains(T0.plusSeconds(1));
    }

    @Test
    void retryAfterDoesNotAddAttempts() {
        assertThat(RetrySchedule.defaults().nextAttemptAt(6, T0, Optional.of(Duration.ofSeconds(5)))).isEmpty();
    }

    @Test
    void jitterAddsAtMostItsOwnLengthAndNeverLess() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(10)), Duration.ofSeconds(2),
                new SplittableRandom(7));
        for (int i = 0; i < 200; i++) {
            Instant next = schedule.nextAttemptAt(1, T0, Optional.empty()).orElseThrow();
            assertThat(next).isBetween(T0.plusSeconds(10), T0.plusSeconds(12));
        }
    }

    @Test
    void anEmptyScheduleMeansOneAttemptOnly() {
        RetrySchedule schedule = new RetrySchedule(List.of(), Duration.ZERO);
        assertThat(schedule.maxAttempts()).isEqualTo(1);
        assertThat(schedule.nextAttemptAt(1, T0, Optional.empty())).isEmpty();
    }

    @Test
    void negativeDelaysAndAttemptZeroAreRefused() {
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(-1)), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(List.of(), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrySchedule.defaults().nextAttemptAt(0, T0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
