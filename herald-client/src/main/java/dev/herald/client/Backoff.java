package dev.herald.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: doubling from {@code min} up to {@code max}, each drawn at random from its upper half, so
 * that clients dropped together by one server restart do not all come back in the same instant.
 */
record Backoff(Duration min, Duration max) {

    /** The delay before the {@code attempt}-th reconnect (1-based). */
    Duration delay(int attempt) {
        long ceiling = Math.min(max.toMillis(), min.toMillis() << Math.min(Math.max(attempt - 1, 0), 30));
        long floor = ceiling / 2;
        return Duration.ofMillis(ceiling <= floor ? ceiling : ThreadLocalRandom.current().nextLong(floor, ceiling + 1));
    }
}
