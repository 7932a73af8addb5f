package dev.herald.core.history;

import dev.herald.core.event.Event;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryTest {
    private static dev.herald.core.hub.Frame e(String tenant, long seq) {
        return dev.herald.core.hub.Frame.of(new Event("evt_" + seq, "x", tenant, null, null, null, Instant.EPOCH, "{}", seq));
    }

    @Test
    void givesBackEverythingAfterASeqInOrder() {
        History h = new History(100, Duration.ofHours(1), Clock.systemUTC());
        for (long i = 1; i <= 10; i++) {
            h.append(e("t", i));
        }
        Recovery r = h.since("t", 7, 100);
        assertThat(r.complete()).isTrue();
        assertThat(r.events()).extracting(dev.herald.core.hub.Frame::seq).containsExactly(8L, 9L, 10L);
    }

    @Test
    void reportsWhenItNoLongerReachesBackThatFar() {
        History h = new History(3, Duration.ofHours(1), Clock.systemUTC());
        for (long i = 1; i <= 10; i++) {
            h.append(e("t", i));
        }
        Recovery r = h.since("t", 2, 100);
        assertThat(r.complete()).isFalse();
        assertThat(r.oldestHeld()).isEqualTo(8);
        assertThat(h.since("t", 7, 100).events()).extracting(dev.herald.core.hub.Frame::seq).containsExactly(8L, 9L, 10L);
    }

    @Test
    void keepsTheLastSizeEventsInOrderAcrossGrowthAndWrapAround() {
        History h = new History(100, Duration.ofHours(1), Clock.systemUTC());
        for (long i = 1; i <= 250; i++) {
            h.append(e("t", i));
            assertThat(h.held("t")).isEqualTo((int) Math.min(i, 100));
        }
        assertThat(h.since("t", 150, 1000).complete()).isTrue();
        assertThat(h.since("t", 150, 1000).events()).extracting(dev.herald.core.hub.Frame::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(151, 250).boxed().toList());
        assertThat(h.since("t", 200, 3).events()).extracting(dev.herald.core.hub.Frame::seq).containsExactly(201L, 202L, 203L);
        assertThat(h.since("t", 149, 1000).complete()).isFalse();
        assertThat(h.since("t", 149, 1000).oldestHeld()).isEqualTo(151);
    }

    @Test
    void sizeZeroHoldsNothingButKnowsTheLastSeq() {
        History h = new History(0, Duration.ofHours(1), Clock.systemUTC());
        for (long i = 1; i <= 5; i++) {
            h.append(e("t", i));
        }
        assertThat(h.held("t")).isZero();
        assertThat(h.lastSeq("t")).isEqualTo(5);
        assertThat(h.since("t", 5, 100).complete()).isTrue();
        assertThat(h.since("t", 3, 100).complete()).isFalse(); // from the store, not from memory
        assertThat(h.since("t", 3, 100).oldestHeld()).isEqualTo(6);
    }

    @Test
    void expiredEventsAreNotReplayed() {
        MutableClock clock = new MutableClock();
        History h = new History(100, Duration.ofMinutes(1), clock);
        h.append(e("t", 1));
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        h.append(e("t", 2));
        Recovery r = h.since("t", 0, 100);
        assertThat(r.complete()).isFalse();
        assertThat(r.oldestHeld()).isEqualTo(2);
    }

    @Test
    void expiredEventsAreDroppedOnAppendNotOnlyWhenRead() {
        MutableClock clock = new MutableClock();
        History h = new History(100, Duration.ofMinutes(1), clock);
        for (long i = 1; i <= 5; i++) {
            h.append(e("t", i));
        }
        clock.now = clock.now.plus(Duration.ofSeconds(61));
        h.append(e("t", 6));
        assertThat(h.held("t")).isEqualTo(1); // nobody read: the five expired frames went on the append
    }

    @Test
    void aTenantQuietForLongerThanTheTtlIsDroppedWhileOthersKeepPublishing() {
        MutableClock clock = new MutableClock();
        History h = new History(100, Duration.ofMinutes(1), clock);
        for (int t = 0; t < 1000; t++) {
            h.append(e("once-" + t, 1));
        }
        h.append(e("busy", 1));
        assertThat(h.tenantCount()).isEqualTo(1001);

        clock.now = clock.now.plus(Duration.ofSeconds(61));
        h.append(e("busy", 2));

        assertThat(h.tenantCount()).isEqualTo(1);
        assertThat(h.since("busy", 1, 100).events()).extracting(dev.herald.core.hub.Frame::seq).containsExactly(2L);
        // A dropped tenant answers like one whose events expired: nothing from memory (recovery reads the store).
        assertThat(h.since("once-7", 0, 100).events()).isEmpty();
        h.append(e("once-7", 2));
        assertThat(h.since("once-7", 1, 100).events()).extracting(dev.herald.core.hub.Frame::seq).containsExactly(2L);
    }

    @Test
    void tenantsHaveSeparateStreamsAndACaughtUpClientGetsNothing() {
        History h = new History(100, Duration.ofHours(1), Clock.systemUTC());
        h.append(e("a", 1));
        h.append(e("b", 1));
        h.append(e("b", 2));
        assertThat(h.since("a", 0, 100).events()).hasSize(1);
        assertThat(h.since("b", 2, 100).events()).isEmpty();
        assertThat(h.since("b", 2, 100).complete()).isTrue();
        assertThat(h.since("nobody", 5, 100).complete()).isTrue();
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
