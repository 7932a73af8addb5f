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
 * thread, so it needs no locks; {@link #dispatch} posts one task per shard per batch of frames, which keeps
 * frames in the order they were dispatched for every subscriber. A frame is encoded once and shared by all
 * recipients, and each subscriber is flushed once per batch, so a burst of events costs each connection one
 * write to the network, not one per event.
 */
public final class Hub {
    private final List<Shard> shards = new CopyOnWriteArrayList<>();
    private final AtomicInteger subscribers = new AtomicInteger();

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
            shard.executor.execute(() -> shard.route(frames));
        }
    }

    public int subscriberCount() {
        return subscribers.get();
    }

    /** The subscribers of one I/O thread. {@link #add} and {@link #remove} must be called on that thread. */
    public final class Shard {
        private final Executor executor;
        private final Map<String, TenantGroup> tenants = new HashMap<>();
        /** Subscribers that buffered frames during the current batch; reused between batches. */
        private final List<Subscriber> toFlush = new ArrayList<>();

        private Shard(Executor executor) {
            this.executor = executor;
        }

        public Executor executor() {
            return executor;
        }

        public void add(Subscriber s) {
            TenantGroup g = tenants.computeIfAbsent(s.tenant(), t -> new TenantGroup());
            g.all.add(s);
            g.byUser.computeIfAbsent(s.user(), u -> new ArrayList<>(2)).add(s);
            subscribers.incrementAndGet();
        }

        public void remove(Subscriber s) {
            TenantGroup g = tenants.get(s.tenant());
            if (g == null || !g.all.remove(s)) {
                return;
            }
            subscribers.decrementAndGet();
            List<Subscriber> mine = g.byUser.get(s.user());
            if (mine != null) {
                mine.remove(s);
                if (mine.isEmpty()) {
                    g.byUser.remove(s.user());
                }
            }
            if (g.all.isEmpty()) {
                tenants.remove(s.tenant());
            }
        }

        private void route(List<Frame> frames) {
            for (int i = 0; i < frames.size(); i++) {
                route(frames.get(i));
            }
            for (int i = 0; i < toFlush.size(); i++) {
                toFlush.get(i).flush();
            }
            toFlush.clear();
        }

        private void route(Frame frame) {
            if (frame.isSystem()) {
                // A copy: a slow consumer closing itself may empty and remove its tenant's group meanwhile.
                for (TenantGroup g : List.copyOf(tenants.values())) {
                    deliverAll(g.all, frame);
                }
                return;
            }
            TenantGroup g = tenants.get(frame.tenant());
            if (g == null) {
                return;
            }
            if (frame.user() == null) {
                deliverAll(g.all, frame);
            } else {
                List<Subscriber> mine = g.byUser.get(frame.user());
                if (mine != null) {
                    deliverAll(mine, frame);
                }
            }
        }

        private void deliverAll(List<Subscriber> list, Frame frame) {
            // Index loop over a snapshot size: a subscriber may remove itself (slow consumer) while we iterate.
            for (int i = list.size() - 1; i >= 0; i--) {
                if (i >= list.size()) {
                    continue;
                }
                Subscriber s = list.get(i);
                if (s.wants(frame.type()) && s.deliver(frame)) {
                    toFlush.add(s);
                }
            }
        }
    }

    private static final class TenantGroup {
        final List<Subscriber> all = new ArrayList<>();
        final Map<String, List<Subscriber>> byUser = new HashMap<>();
    }
}
