package dev.herald.core.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** RFC 3339 UTC timestamps with milliseconds, the one format Herald writes. */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /**
     * {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'}. Years 0–9999 are written digit by digit (DateTimeFormatter was 3% of a
     * publish profile, once per event on the store's commit thread; issue #15); others go through the formatter.
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400L);
        if (days < MIN_DAY || days > MAX_DAY) {
            return FORMAT.format(instant);
        }
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
        int secOfDay = (int) Math.floorMod(seconds, 86_400L);
        byte[] b = new byte[24];
        digits(b, 0, date.getYear(), 4);
        b[4] = '-';
        digits(b, 5, date.getMonthValue(), 2);
        b[7] = '-';
        digits(b, 8, date.getDayOfMonth(), 2);
        b[10] = 'T';
        digits(b, 11, secOfDay / 3600, 2);
        b[13] = ':';
        digits(b, 14, secOfDay / 60 % 60, 2);
        b[16] = ':';
        digits(b, 17, secOfDay % 60, 2);
        b[19] = '.';
        digits(b, 20, instant.getNano() / 1_000_000, 3);
        b[23] = 'Z';
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** 0000-01-01 and 9999-12-31 as epoch days: the range written without the formatter. */
    private static final long MIN_DAY = java.time.LocalDate.of(0, 1, 1).toEpochDay();
    private static final long MAX_DAY = java.time.LocalDate.of(9999, 12, 31).toEpochDay();

    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
