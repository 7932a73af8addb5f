package dev.herald.server.webhook;

import dev.herald.core.webhook.AttemptError;

/**
 * What one HTTP attempt came to, before it is judged against the schedule.
 *
 * @param statusCode the status received, or null
 * @param excerpt    the first {@link dev.herald.core.webhook.Attempt#EXCERPT_BYTES} of the body, or null
 * @param retryAfter the {@code Retry-After} header, or null
 */
record SendResult(Integer statusCode, String excerpt, String retryAfter, AttemptError error) {
    static SendResult failed(AttemptError error) {
        return new SendResult(null, null, null, error);
    }
}
