package dev.herald.server.limits;

import dev.herald.server.config.HeraldConfig;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Counts the node's client connections (WebSocket and SSE) in total, per remote IP and per user, and admits a new
 * one only under each limit (a limit of 0 is none). Each admission returns a {@link Lease} that must be released
 * exactly once when the connection is gone. Thread-safe: every event loop admits and releases here.
 *
 * <p>Total and per-IP are decided before the upgrade (the cheapest refusal under a flood); per-user only after it,
 * since the token is read after the upgrade so that a browser can see 4003 (SPEC §3).
 */
public final class ConnectionLimiter {
    /** Why a connection was refused; the metric's {@code reason} label. */
    public enum Refusal {
        TOTAL("total"), PER_IP("per_ip"), PER_USER("per_user");

        private final String label;

        Refusal(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One admitted connection's share of the counts (its address's and the node's total, or its user's). Idempotent;
     * any thread. Kept for the connection's lifetime, so it is small: the count it holds shares the map's key.
     */
    public static final class Lease {
        private static final AtomicIntegerFieldUpdater<Lease> RELEASED =
                AtomicIntegerFieldUpdater.newUpdater(Lease.class, "released");
        private final ConcurrentHashMap<String, Count> counts;
        private final Count count;
        /** The node's total, for an address's share; null for a user's. */
        private final AtomicInteger total;
        private volatile int released;

        private Lease(ConcurrentHashMap<String, Count> counts, Count count, AtomicInteger total) {
            this.counts = counts;
            this.count = count;
            this.total = total;
        }

        public void release() {
            if (RELEASED.compareAndSet(this, 0, 1)) {
                if (total != null) {
                    total.decrementAndGet();
                }
                // Drops the entry at zero, so the maps hold only who is connected now, not everyone ever seen.
                counts.computeIfPresent(count.key, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
            }
        }
    }

    /** Connections of one address or user; the map's entry, holding its key so that leases need no copy of it. */
    private static final class Count extends AtomicInteger {
        final String key;

        Count(String key) {
            this.key = key;
        }
    }

    /** Replaced whole by a reload; each admission reads it once. */
    private volatile HeraldConfig.ConnectionLimits limits;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Count> perIp = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Count> perUser = new ConcurrentHashMap<>();

    public ConnectionLimiter(HeraldConfig.ConnectionLimits limits) {
        this.limits = limits;
    }

    /**
     * New limits (a configuration reload) for the admissions from now on. Connections already admitted are kept,
     * even above a lowered limit; they still count, so new ones are refused until enough are gone.
     */
    public void update(HeraldConfig.ConnectionLimits newLimits) {
        this.limits = newLimits;
    }

    /** Admits a connection from {@code ip} under the total and per-IP limits, or says which one it would pass. */
    public Admission admitAddress(String ip) {
        HeraldConfig.ConnectionLimits l = limits;
        if (!take(total, l.total())) {
            return Admission.refused(Refusal.TOTAL);
        }
        Count count = takeKeyed(perIp, ip, l.perIp());
        if (count == null) {
            total.decrementAndGet();
            return Admission.refused(Refusal.PER_IP);
        }
        return Admission.admitted(new Lease(perIp, count, total));
    }

    /** Admits one more connection of {@code user} of {@code tenant}, or refuses it ({@link Refusal#PER_USER}). */
    public Admission admitUser(String tenant, String user) {
        Count count = takeKeyed(perUser, tenant + '\n' + user, limits.perUser());
        return count == null ? Admission.refused(Refusal.PER_USER) : Admission.admitted(new Lease(perUser, count, null));
    }

    public int total() {
        return total.get();
    }

    private static boolean take(AtomicInteger n, int limit) {
        if (n.incrementAndGet() > limit && limit > 0) {
            n.decrementAndGet();
            return false;
        }
        return true;
    }

    /** The key's count after taking one more, or null when that would pass {@code limit}. */
    private static Count takeKeyed(ConcurrentHashMap<String, Count> counts, String key, int limit) {
        Count[] taken = {null};
        counts.compute(key, (k, n) -> {
            Count c = n == null ? new Count(k) : n;
            if (limit <= 0 || c.get() < limit) {
                c.incrementAndGet();
                taken[0] = c;
            }
            return c.get() == 0 ? null : c;
        });
        return taken[0];
    }

    /** The outcome of an admission: a lease, or the limit it would have passed. */
    public record Admission(Lease lease, Refusal refusal) {
        static Admission admitted(Lease lease) {
            return new Admission(lease, null);
        }

        static Admission refused(Refusal why) {
            return new Admission(null, why);
        }

        public boolean ok() {
            return lease != null;
        }
    }
}
