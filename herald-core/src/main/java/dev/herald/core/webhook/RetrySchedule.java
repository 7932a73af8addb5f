package dev.herald.core.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * When the next attempt of a failed delivery is due. The schedule is data, so a dispatcher stores the
 * answer as {@code next_attempt_at} and a restart loses nothing.
 *
 * <p>One retry per entry of {@code webhooks.retry_schedule}: with the default {@code 1m, 5m, 30m, 2h, 24h},
 * 5 retries and {@link #maxAttempts() 6 attempts} in all. Each delay counts from the attempt that just failed.
 * A positive {@code jitter} adds a uniformly random extra delay in {@code [0, jitter]}, never less, so
 * receivers recovering from an outage are not hit by every endpoint's retries at the same second.
 *
 * <p>{@code Retry-After} on a 429 or 503 ("honored up to the next scheduled delay"): the wait is
 * {@code min(Retry-After, scheduled delay)}, but at least {@link #MIN_RETRY_AFTER}. A receiver may bring its
 * retry forward by saying when it will be back; it can never push the retry past the schedule, so a huge
 * or hostile {@code Retry-After} cannot park deliveries and every delivery is settled within the schedule's
 * total. The floor keeps {@code Retry-After: 0} from spending all retries within a second. Jitter applies on
 * top, as for any retry. Thread-safe when the {@link RandomGenerator} is (the default is).
 */
public final class RetrySchedule {
    public static final List<Duration> DEFAULT_DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(24));
    /** The shortest wait a {@code Retry-After} answer can ask for. */
    public static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

    private final List<Duration> delays;
    private final Duration jitter;
    private final RandomGenerator random;

    /**
     * @param delays one entry per retry, each ≥ 0
     * @param jitter ≥ 0; zero for none
     * @param random the source of jitter
     */
    public RetrySchedule(List<Duration> delays, Duration jitter, RandomGenerator random) {
        this.delays = List.copyOf(delays);
        for (Duration d : this.delays) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("a retry delay cannot be negative: " + d);
            }
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("jitter cannot be negative: " + jitter);
        }
        this.jitter = jitter;
        this.random = random;
    }

    public RetrySchedule(List<Duration> delays, Duration jitter) {
        this(delays, jitter, new Random());
    }

    public static RetrySchedule defaults() {
        return new RetrySchedule(DEFAULT_DELAYS, Duration.ZERO);
    }

    /** The first attempt plus one retry per schedule entry. */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    /**
     * When to try again after attempt number {@code attemptsMade} (1 for the first attempt) failed at
     * {@code failedAt}; empty when that was the last attempt and the delivery is now {@code failed}.
     *
     * @param retryAfter what the receiver asked for, present only on a 429 or 503 (see {@link RetryAfter})
     */
    public Optional<Instant> nextAttemptAt(int attemptsMade, Instant failedAt, Optional<Duration> retryAfter) {
        if (attemptsMade < 1) {
            throw new IllegalArgumentException("attempts are numbered from 1, got " + attemptsMade);
        }
        if (attemptsMade >= maxAttempts()) {
            return Optional.empty();
        }
        Duration scheduled = delays.get(attemptsMade - 1);
        Duration delay = retryAfter.map(asked -> honored(asked, scheduled)).orElse(scheduled);
        return Optional.of(failedAt.plus(delay).plus(randomJitter()));
    }

    private static Duration honored(Duration asked, Duration scheduled) {
        Duration floored = asked.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : asked;
        return floored.compareTo(scheduled) < 0 ? floored : scheduled;
    }

    private Duration randomJitter() {
        if (jitter.isZero()) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(random.nextLong(jitter.toMillis() + 1));
    }

    public List<Duration> delays() {
        return delays;
    }

    public Duration jitter() {
        return jitter;
    }
}
