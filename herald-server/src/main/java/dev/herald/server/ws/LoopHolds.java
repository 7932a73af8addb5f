package dev.herald.server.ws;

import io.netty.util.concurrent.FastThreadLocal;

import java.util.Arrays;

/**
 * What the {@link DirectWrites} of one event loop's connections hold between a delivery and the flush at the end of
 * the hub's drain — one {@code Frame} per slot, a connection's frames chained slot to slot in order — in one table per
 * thread; a connection keeps only its first and last slot numbers.
 *
 * <p>Why not a field of each connection: connections live long, so they sit in the old generation, and storing a
 * reference to a new object there marks that object's card for G1 to scan at the next young pause. With one held
 * frame per routed event that was one card per connection that received anything since the last pause: 6,800 cards,
 * 4.8 ms of an 11 ms pause with 10,000 users at 10,000 events/s (docs/benchmarks.md, round four). Slots are reused
 * last-freed first, so the references of a whole drain share the table's first few cards.
 *
 * <p>Bounded by the frames held at once on the thread (at most the frames of one drain times its connections, each
 * connection's under its queue limit). Event loop thread only: {@link #current()} gives the calling thread's table.
 */
final class LoopHolds {
    private static final FastThreadLocal<LoopHolds> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected LoopHolds initialValue() {
            return new LoopHolds();
        }
    };

    private Object[] slots = new Object[64];
    /** The slot after each slot in its connection's chain, -1 at the end. */
    private int[] next = new int[64];
    /** Freed slot numbers, last freed on top. */
    private int[] free = new int[64];
    private int freeCount;
    /** Slots below this have been handed out at least once. */
    private int used;

    static LoopHolds current() {
        return PER_THREAD.get();
    }

    /** A slot holding {@code held}; give it back with {@link #release}. */
    int hold(Object held) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (used == slots.length) {
                slots = Arrays.copyOf(slots, used * 2);
                next = Arrays.copyOf(next, used * 2);
                free = Arrays.copyOf(free, used * 2);
            }
            slot = used++;
        }
        slots[slot] = held;
        next[slot] = -1;
        return slot;
    }

    /** Chains {@code slot} after {@code after}. */
    void link(int after, int slot) {
        next[after] = slot;
    }

    /** The slot after {@code slot} in its chain, -1 at the end; read it before releasing {@code slot}. */
    int next(int slot) {
        return next[slot];
    }

    /** Empties {@code slot} and gives it back; returns what it held. */
    Object release(int slot) {
        Object held = slots[slot];
        slots[slot] = null;
        free[freeCount++] = slot;
        return held;
    }
}
