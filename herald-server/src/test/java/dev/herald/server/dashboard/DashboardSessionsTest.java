package dev.herald.server.dashboard;

import dev.herald.core.store.ApiKey;
import dev.herald.server.testkit.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Session lifetimes and bounds, on a clock the test moves. */
class DashboardSessionsTest {
    private static final ApiKey KEY = new ApiKey("key_1", "acme", EnumSet.of(ApiKey.Scope.ADMIN), Instant.EPOCH, null);

    @Test
    void aSessionEndsAfterItsIdleTimeButUseKeepsItAlive() {
        MovableClock clock = new MovableClock();
        DashboardSessions sessions = new DashboardSessions(clock);
        String id = sessions.create(KEY, "hash").id();
        clock.advance(DashboardSessions.IDLE.minusMinutes(1));
        assertThat(sessions.find(id)).isPresent();
        clock.advance(DashboardSessions.IDLE.minusMinutes(1));
        assertThat(sessions.find(id)).as("used a minute before its idle limit").isPresent();
        clock.advance(DashboardSessions.IDLE);
        assertThat(sessions.find(id)).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void aSessionEndsAtItsAbsoluteLimitHoweverBusy() {
        MovableClock clock = new MovableClock();
        DashboardSessions sessions = new DashboardSessions(clock);
        DashboardSessions.Created c = sessions.create(KEY, "hash");
        for (Duration d = Duration.ZERO; d.compareTo(DashboardSessions.ABSOLUTE.minusMinutes(20)) < 0; d = d.plusMinutes(20)) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(sessions.find(c.id())).isPresent();
        }
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.find(c.id())).isEmpty();
        assertThat(c.session().ended()).isTrue();
    }

    @Test
    void theStoreIsBoundedAndDropsTheOldestSession() {
        MovableClock clock = new MovableClock();
        DashboardSessions sessions = new DashboardSessions(clock);
        String first = sessions.create(KEY, "hash").id();
        for (int i = 1; i < DashboardSessions.MAX + 10; i++) {
            clock.advance(Duration.ofMillis(1));
            sessions.create(KEY, "hash");
        }
        assertThat(sessions.size()).isEqualTo(DashboardSessions.MAX);
        assertThat(sessions.find(first)).isEmpty();
    }

    @Test
    void idsAndTokensAreCheckedWhateverTheClientSends() {
        DashboardSessions sessions = new DashboardSessions(new MovableClock());
        DashboardSessions.Created c = sessions.create(KEY, "hash");
        for (String bad : new String[] {null, "", "x", c.id() + "x", c.id().substring(1) + "A", "\u0000".repeat(43)}) {
            assertThat(sessions.find(bad)).as(String.valueOf(bad)).isEmpty();
        }
        assertThat(DashboardSessions.csrfMatches(c.session(), c.session().csrf())).isTrue();
        assertThat(DashboardSessions.csrfMatches(c.session(), null)).isFalse();
        assertThat(DashboardSessions.csrfMatches(c.session(), c.session().csrf() + "a")).isFalse();
        sessions.end(c.session());
        assertThat(sessions.find(c.id())).isEmpty();
    }
}
