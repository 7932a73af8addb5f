package dev.herald.core.error;

import java.time.Duration;

/**
 * Herald is not taking more work right now: a bounded queue on the publishing path (appends waiting for the
 * store, frames waiting for the event loops) is full. Nothing of the request was accepted; the publisher may
 * retry after {@link #retryAfter()} with the same ids. The HTTP edge answers {@code 429 too_many_requests} with
 * {@code Retry-After}.
 */
public class OverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** What a publisher is told to wait: queues on this path drain in well under a second when they drain at all. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    public OverloadedException(String message) {
        super(message, null, false, false); // thrown under load: no stack trace to fill
    }

    public Duration retryAfter() {
        return RETRY_AFTER;
    }
}
