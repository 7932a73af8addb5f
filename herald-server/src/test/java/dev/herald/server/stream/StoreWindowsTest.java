package dev.herald.server.stream;

import dev.herald.core.event.Event;
import dev.herald.core.hub.Frame;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoreWindowsTest {
    private static List<Frame> frames(long from, long to) {
        List<Frame> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(Frame.of(new Event("evt_" + s, "t", "a", null, null, null, Instant.EPOCH, "{}", s)));
        }
        return out;
    }

    @Test
    void aReadJoinsTheWindowItTouchesAndServesEverySeqInIt() {
        StoreWindows w = new StoreWindows(1_000, Long.MAX_VALUE);
        w.remember("a", frames(101, 200), 0);
        w.remember("a", frames(51, 100), 0); // a client further back: extends the window backwards
        StoreWindows.Window win = w.covering("a", 51, 0);
        assertThat(win).isNotNull();
        assertThat(win.first()).isEqualTo(51);
        assertThat(win.last()).isEqualTo(200);
        for (int i = 0; i < win.frames().length; i++) {
            assertThat(win.frames()[i].seq()).isEqualTo(51 + i);
        }
        assertThat(w.covering("a", 50, 0)).isNull();
        assertThat(w.covering("a", 201, 0)).isNull();
        assertThat(w.covering("b", 100, 0)).isNull();
    }

    @Test
    void aDisjointReadReplacesTheWindowAndAHoleCutsIt() {
        StoreWindows w = new StoreWindows(1_000, Long.MAX_VALUE);
        w.remember("a", frames(1, 10), 0);
        List<Frame> withHole = frames(100, 110);
        withHole.addAll(frames(112, 120));
        w.remember("a", withHole, 0);
        assertThat(w.covering("a", 5, 0)).isNull();
        assertThat(w.covering("a", 110, 0).last()).isEqualTo(110);
        assertThat(w.covering("a", 112, 0)).isNull();
        assertThat(w.held()).isEqualTo(11);
    }

    @Test
    void framesAreBoundedOverAllTenantsAndWindowsAgeOut() {
        StoreWindows w = new StoreWindows(100, 1_000);
        w.remember("a", frames(1, 80), 0);
        w.remember("b", frames(1, 80), 10); // over the bound: the least recently extended window goes
        assertThat(w.covering("a", 1, 10)).isNull();
        assertThat(w.covering("b", 1, 10)).isNotNull();
        w.remember("c", frames(1, 500), 20); // longer than the bound on its own: its oldest frames are kept
        assertThat(w.held()).isEqualTo(100);
        assertThat(w.covering("c", 100, 20)).isNotNull();
        assertThat(w.covering("c", 101, 20)).isNull();
        assertThat(w.covering("c", 1, 20 + 1_001)).isNull();
        assertThat(w.held()).isZero();
    }
}
