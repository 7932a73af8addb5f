package dev.herald.core.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void writesWhatTheFormatterWritesAcrossTheYears() {
        SplittableRandom random = new SplittableRandom(15);
        long min = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
        long max = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochMilli(random.nextLong(min, max + 1));
            assertThat(Timestamps.format(t)).isEqualTo(REFERENCE.format(t));
        }
    }

    @Test
    void edgesAndYearsOutsideFourDigitsGoThroughTheFormatter() {
        for (String s : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2026-12-02T17:00:00.001Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2000-02-29T12:34:56.789Z"}) {
            Instant t = Instant.parse(s);
            assertThat(Timestamps.format(t)).isEqualTo(REFERENCE.format(t));
        }
        Instant far = Instant.parse("+10000-01-01T00:00:00Z");
        assertThat(Timestamps.format(far)).isEqualTo(REFERENCE.format(far));
        Instant before = Instant.parse("-0001-12-31T23:59:59.999Z");
        assertThat(Timestamps.format(before)).isEqualTo(REFERENCE.format(before));
        Instant nanos = Instant.parse("2026-12-02T17:00:00.123456789Z");
        assertThat(Timestamps.format(nanos)).isEqualTo("2026-12-02T17:00:00.123Z");
    }
}
