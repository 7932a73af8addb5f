package dev.herald.core.hub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local fan-out: knows this node's connections and routes frames to them by tenant and user.
 *
 * <p>Connections live in {@link Shard}s, one per I/O thread. A shard's index is only touched on its own
 * thread, so it needs no locks. {@link #dispatch} appends to each shard's inbox and schedules a drain task
 * on the shard's thread unless one is already pending; frames keep the order they were dispatched in for
 * every subscriber. A drain routes everything that queued up meanwhile and then flushes each touched
 * subscriber once: an idle node sends each event at once, a busy one coalesces the backlog into one write per
 * connection (smart batching — no timer, no added latency). A frame is encoded once and shared by all
 * recipients.
 */
public final class Hub {
    /** Frames routed between flushes while draining a backlog. */
    private static final int FLUSH_EVERY = 256;
    private final List<Shard> shards = new CopyOnWriteArrayList<>();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong backlog = new java.util.concurrent.atomic.AtomicLong();

    /** A new shard whose index lives on {@code executor}, which must run tasks one at a time, in order. */
    public Shard newShard(Executor executor) {
        Shard shard = new Shard(executor);
        shards.add(shard);
        return shard;
    }

    /**
     * Routes {@code frame} to every local subscriber that should see it. Callable from any thread; frames
     * dispatched from one thread reach each subscriber in that order.
     */
    public void dispatch(Frame frame) {
        dispatch(List.of(frame));
    }

    /** Routes a batch of frames, in order; see {@link #dispatch(Frame)}. */
    public void dispatch(List<Frame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        for (Shard shard : shards) {
            shard.enqueue(frames);
        }
    }

    public int subscriberCount() {
        return subscribers.get();
    }

    /** Frames dispatched but not yet routed, summed over shards: the fan-out's queue depth. */
    public long backlog() {
        return backlog.get();
    }

    /**
     * The subscribers of one I/O thread. {@link #add} and {@link #remove} must be called on that thread; both are
     * O(1), so a mass disconnect of a large tenant costs what its connections do, not their square.
     */
    public final class Shard {
        private final Executor executor;
        private final Map<String, TenantGroup> tenants = new HashMap<>();
        /** Subscribers that buffered frames during the current drain; reused between drains. */
        private final List<Subscriber> toFlush = new ArrayList<>();
        private final java.util.concurrent.ConcurrentLinkedQueue<List<Frame>> inbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();

        private Shard(Executor executor) {
            this.executor = executor;
        }

        public Executor executor() {
            return executor;
        }

        /**
         * Indexes {@code s} under its tenant and user, in O(1); returns the handle {@link #remove} takes. A subscriber
         * added twice is indexed twice (each handle is removed on its own).
         */
        public Member add(Subscriber s) {
            TenantGroup g = tenants.computeIfAbsent(s.tenant(), t -> new TenantGroup());
            Slots mine = g.byUser.computeIfAbsent(s.user(), u -> new Slots(1, false));
            Member m = new Member(s, g, mine);
            g.all.add(m);
            mine.add(m);
            subscribers.incrementAndGet();
            return m;
        }

        /** Unindexes a member in O(1) (swap-remove); a second call for the same member does nothing. */
        public void remove(Member m) {
            if (m == null || m.inTenant < 0) {
                return;
            }
            TenantGroup g = m.group;
            g.all.remove(m);
            m.user.remove(m);
            subscribers.decrementAndGet();
            if (m.user.size == 0) {
                g.byUser.remove(m.subscriber.user(), m.user);
            }
            if (g.all.size == 0) {
                tenants.remove(m.subscriber.tenant(), g);
            }
        }

        private void enqueue(List<Frame> frames) {
            backlog.addAndGet(frames.size());
            inbox.add(frames);
            if (drainScheduled.compareAndSet(false, true)) {
                executor.execute(this::drain);
            }
        }

        /**
         * Routes what queued up, flushing every {@link #FLUSH_EVERY} frames so a long backlog still streams out.
         * The last frame of a drain is flushed to each subscriber as it is written, for as long as nothing else
         * is queued behind it (there is nothing to coalesce it with): one pass over the subscribers instead of
         * two, and the first of them is sent at once rather than after the whole walk. Once more frames arrive,
         * the rest of the walk is left for one flush at the end, with them; subscribers that got earlier frames
         * of the drain are flushed then too.
         */
        private void drain() {
            drainScheduled.set(false); // a dispatch from now on schedules another drain
            int routed = 0;
            List<Frame> frames = inbox.poll();
            while (frames != null) {
                List<Frame> next = inbox.poll();
                for (int i = 0; i < frames.size(); i++) {
                    route(frames.get(i), next == null && i == frames.size() - 1);
                }
                routed += frames.size();
                backlog.addAndGet(-frames.size());
                if (routed >= FLUSH_EVERY) {
                    flushTouched();
                    routed = 0;
                }
                frames = next != null ? next : inbox.poll(); // what arrived meanwhile joins this drain's flush
            }
            flushTouched();
        }

        private void flushTouched() {
            for (int i = 0; i < toFlush.size(); i++) {
                toFlush.get(i).flush();
            }
            toFlush.clear();
        }

        private void route(Frame frame, boolean flushNow) {
            if (frame.isSystem()) {
                // A copy: a slow consumer closing itself may empty and remove its tenant's group meanwhile.
                for (TenantGroup g : List.copyOf(tenants.values())) {
                    deliverAll(g.all, frame, flushNow);
                }
                return;
            }
            TenantGroup g = tenants.get(frame.tenant());
            if (g == null) {
                return;
            }
            if (frame.user() == null) {
                deliverAll(g.all, frame, flushNow);
            } else {
                Slots mine = g.byUser.get(frame.user());
                if (mine != null) {
                    deliverAll(mine, frame, flushNow);
                }
                Slots watchers = g.byUser.get(null); // tenant-wide watchers (user null) see targeted frames too
                if (watchers != null) {
                    deliverAll(watchers, frame, flushNow);
                }
            }
        }

        private void deliverAll(Slots list, Frame frame, boolean flushNow) {
            // Backwards over a snapshot size: a subscriber may remove itself (slow consumer) while we iterate; the
            // swap-remove then moves the last member, already visited, into its slot, so none is visited twice.
            for (int i = list.size - 1; i >= 0; i--) {
                if (i >= list.size) {
                    continue;
                }
                Subscriber s = list.at(i); // re-read: removals may have shrunk the array
                if (s.wants(frame.type()) && s.deliver(frame)) {
                    // First frame buffered since its last flush: it is not in toFlush, so flushing it now is its one flush.
                    if (flushNow && inbox.isEmpty()) {
                        s.flush();
                    } else {
                        toFlush.add(s);
                    }
                }
            }
        }
    }

    /**
     * A subscriber's place in its shard's index, returned by {@link Shard#add}: its slot in the tenant's array
     * and in its user's, so that removal needs no search. Touched on the shard's thread only.
     */
    public static final class Member {
        private final Subscriber subscriber;
        private final TenantGroup group;
        private final Slots user;
        private int inTenant = -1;
        private int inUser = -1;

        private Member(Subscriber subscriber, TenantGroup group, Slots user) {
            this.subscriber = subscriber;
            this.group = group;
            this.user = user;
        }

        public Subscriber subscriber() {
            return subscriber;
        }
    }

    /**
     * An unordered array of members with O(1) add and swap-remove; each member keeps its slot (tenant-level or
     * user-level, by {@code tenantLevel}). A tenant's list also keeps its subscribers in a parallel array, so that
     * broadcast fan-out walks a plain {@code Subscriber[]} as it walked an {@code ArrayList} before; a user's list
     * (usually one or two connections) does without, to keep per-connection memory down. Shrinks when a quarter
     * full, so a mass disconnect gives its memory back.
     */
    private static final class Slots {
        private final boolean tenantLevel;
        private Subscriber[] subs;
        private Member[] members;
        int size;

        Slots(int capacity, boolean tenantLevel) {
            this.members = new Member[capacity];
            this.subs = tenantLevel ? new Subscriber[capacity] : null;
            this.tenantLevel = tenantLevel;
        }

        Subscriber at(int i) {
            return subs != null ? subs[i] : members[i].subscriber;
        }

        void add(Member m) {
            if (size == members.length) {
                resize(Math.max(2, size * 2));
            }
            if (subs != null) {
                subs[size] = m.subscriber;
            }
            members[size] = m;
            setSlot(m, size++);
        }

        void remove(Member m) {
            int i = tenantLevel ? m.inTenant : m.inUser;
            int last = --size;
            Member moved = members[last];
            members[i] = moved;
            members[last] = null;
            if (subs != null) {
                subs[i] = moved.subscriber;
                subs[last] = null;
            }
            setSlot(moved, i);
            setSlot(m, -1);
            if (members.length > 16 && size <= members.length / 4) {
                resize(members.length / 2);
            }
        }

        private void resize(int capacity) {
            members = java.util.Arrays.copyOf(members, capacity);
            if (subs != null) {
                subs = java.util.Arrays.copyOf(subs, capacity);
            }
        }

        private void setSlot(Member m, int slot) {
            if (tenantLevel) {
                m.inTenant = slot;
            } else {
                m.inUser = slot;
            }
        }
    }

    private static final class TenantGroup {
        final Slots all = new Slots(8, true);
        /** By user; the null key holds the tenant-wide watchers (the dashboard's feed), which get every event. */
        final Map<String, Slots> byUser = new HashMap<>();
    }
}
