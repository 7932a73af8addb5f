package dev.herald.server.stream;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The keepalive sweep: every open session once per sweep, in slices that let the event loop serve others between. */
class SessionRegistryTest {
    private static final class Counting implements ClientSession {
        int ticks;
        final boolean throwing;

        Counting(boolean throwing) {
            this.throwing = throwing;
        }

        @Override
        public void tick(long nowNanos) {
            ticks++;
            if (throwing) {
                throw new IllegalStateException("a broken session");
            }
        }

        @Override
        public void shutdown() {
        }

        @Override
        public Future<Void> whenGone() {
            return Future.succeededFuture();
        }
    }

    @Test
    void aSweepTicksEverySessionOnceInSlicesAndThenSaysItIsDone() {
        SessionRegistry registry = new SessionRegistry();
        List<Counting> sessions = new ArrayList<>();
        for (int i = 0; i < 2 * SessionRegistry.SLICE + 7; i++) {
            Counting s = new Counting(false);
            sessions.add(s);
            registry.add(s);
        }
        Deque<Runnable> loop = new ArrayDeque<>();
        int[] done = {0};
        registry.sweep(loop::add, () -> done[0]++);
        assertThat(sessions.stream().filter(s -> s.ticks == 1)).as("the first slice, at once").hasSize(SessionRegistry.SLICE);
        assertThat(loop).as("the rest waits for the loop").hasSize(1);
        int tasks = 0;
        while (!loop.isEmpty()) {
            loop.poll().run();
            tasks++;
        }
        assertThat(tasks).isEqualTo(2);
        assertThat(sessions).allMatch(s -> s.ticks == 1);
        assertThat(done[0]).isEqualTo(1);
    }

    @Test
    void aSessionWhoseTickThrowsDoesNotStopTheSweepOfLaterSlicesNorTheNextSweep() {
        SessionRegistry registry = new SessionRegistry();
        List<Counting> sessions = new ArrayList<>();
        for (int i = 0; i < 3 * SessionRegistry.SLICE; i++) {
            Counting s = new Counting(i == 0);
            sessions.add(s);
            registry.add(s);
        }
        Deque<Runnable> loop = new ArrayDeque<>();
        int[] done = {0};
        try {
            registry.sweep(loop::add, () -> done[0]++);
        } catch (IllegalStateException expected) {
            // the event loop logs it; the sweep goes on
        }
        while (!loop.isEmpty()) {
            try {
                loop.poll().run();
            } catch (IllegalStateException expected) {
                // as above
            }
        }
        assertThat(done[0]).as("the next sweep is scheduled").isEqualTo(1);
        assertThat(sessions.stream().filter(s -> s.ticks == 1).count())
                .as("at most the rest of the broken session's slice is skipped").isGreaterThanOrEqualTo(2L * SessionRegistry.SLICE);
    }
}
