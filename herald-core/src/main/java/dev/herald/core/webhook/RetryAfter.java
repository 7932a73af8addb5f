package dev.herald.core.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the {@code Retry-After} header of a receiver's answer (RFC 9110 §10.2.3): delay-seconds or an
 * HTTP-date in any of its three forms (IMF-fixdate, obsolete RFC 850, asctime). Only a 429 or 503 answer's
 * header counts; anything unreadable is ignored, as if absent, and a date in the past means "now".
 */
public final class RetryAfter {
    private static final List<DateTimeFormatter> HTTP_DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
                    .appendPattern(" HH:mm:ss zzz").toFormatter(Locale.US),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.US).withZone(java.time.ZoneOffset.UTC));

    private RetryAfter() {
    }

    /** The wait a receiver asked for, when {@code status} is 429 or 503 and {@code header} is readable. */
    public static Optional<Duration> fromAnswer(int status, String header, Instant now) {
        if (status != 429 && status != 503) {
            return Optional.empty();
        }
        return parse(header, now);
    }

    /** {@code header} as a wait from {@code now}; empty when absent or unreadable. */
    public static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Any count of seconds longer than a long can hold is "much later" than every schedule entry.
            return Optional.of(value.length() > 12 ? Duration.ofSeconds(999_999_999_999L)
                    : Duration.ofSeconds(Long.parseLong(value)));
        }
        for (DateTimeFormatter format : HTTP_DATES) {
            try {
                Instant at = ZonedDateTime.parse(value, format).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException notThisForm) {
                // try the next form
            }
        }
        return Optional.empty();
    }
}
