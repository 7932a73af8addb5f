package dev.herald.core.webhook;

import java.time.Instant;

/**
 * One try of a delivery, as the delivery log shows it.
 *
 * @param statusCode      the HTTP status received, or null when none was (then {@code error} says why)
 * @param responseExcerpt the first 1 KiB of the answer's body (UTF-8, cut at a character boundary), or null
 * @param error           null when a status was received and judged by itself (also for a non-2xx), else why not
 */
public record Attempt(Instant at, Integer statusCode, long durationMs, String responseExcerpt, AttemptError error) {
    public static final int EXCERPT_BYTES = 1024;

    public boolean succeeded() {
        return error == null && statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    /** A short description for logs and emails: {@code HTTP 500}, {@code timeout}, {@code redirect (HTTP 302)}. */
    public String describe() {
        if (error == null) {
            return "HTTP " + statusCode;
        }
        return statusCode == null ? error.wireName() : error.wireName() + " (HTTP " + statusCode + ")";
    }
}
