package dev.herald.core.webhook;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a delivery attempt failed without a usable HTTP answer, as written in the {@code error} field of an
 * attempt ({@code null} there means an HTTP status was received and {@code status_code} tells the rest).
 * {@link #REDIRECT} is the one error that comes with a status code: the 3xx, which is never followed.
 */
public enum AttemptError {
    /** No complete answer within {@code webhooks.timeout}. */
    TIMEOUT,
    CONNECTION_REFUSED,
    /** The connection broke after it was established (reset, or closed before a full answer). */
    CONNECTION_RESET,
    /** The host name did not resolve. */
    DNS,
    /** The TLS handshake failed (certificate, protocol, or name mismatch). */
    TLS,
    /** A 3xx answer; Herald does not follow redirects, so the target cannot bounce it elsewhere. */
    REDIRECT,
    /** The host resolved to an address {@link TargetGuard} refuses (checked again at every attempt). */
    FORBIDDEN_TARGET,
    /** The answer was larger than Herald is willing to read. */
    RESPONSE_TOO_LARGE;

    /** The wire name, e.g. {@code connection_refused}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AttemptError> fromWireName(String wireName) {
        for (AttemptError e : values()) {
            if (e.wireName().equals(wireName)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
