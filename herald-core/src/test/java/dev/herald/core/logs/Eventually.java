package dev.herald.core.logs;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline instead of fixed sleeps. */
final class Eventually {
    static final Duration DEFAULT = Duration.ofSeconds(5);

    private Eventually() {
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            pause(5);
        }
    }

    /** Checks that {@code value} stays what it is for {@code window} (for "nothing arrives" assertions). */
    static <T> void stays(String what, Duration window, Supplier<T> value, T expected) {
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            T v = value.get();
            if (!expected.equals(v)) {
                throw new AssertionError(what + ": expected to stay " + expected + " but was " + v);
            }
            pause(10);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
