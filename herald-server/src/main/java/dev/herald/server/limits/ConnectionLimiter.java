package dev.herald.server.limits;

import dev.herald.server.config.HeraldConfig;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** One admitted connection's share of the counts. Idempotent. */
    public interface Lease {
        void release();
    }

    /** Replaced whole by a reload; each admission reads it once. */
    private volatile HeraldConfig.ConnectionLimits limits;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> perUser = new ConcurrentHashMap<>();

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
        if (!takeKeyed(perIp, ip, l.perIp())) {
            total.decrementAndGet();
            return Admission.refused(Refusal.PER_IP);
        }
        return Admission.admitted(once(() -> {
            total.decrementAndGet();
            releaseKeyed(perIp, ip);
        }));
    }

    /** Admits one more connection of {@code user} of {@code tenant}, or refuses it ({@link Refusal#PER_USER}). */
    public Admission admitUser(String tenant, String user) {
        String key = tenant + '\n' + user;
        if (!takeKeyed(perUser, key, limits.perUser())) {
            return Admission.refused(Refusal.PER_USER);
        }
        return Admission.admitted(once(() -> releaseKeyed(perUser, key)));
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

    private static boolean takeKeyed(ConcurrentHashMap<String, AtomicInteger> counts, String key, int limit) {
        boolean[] ok = {true};
        counts.compute(key, (k, n) -> {
            AtomicInteger c = n == null ? new AtomicInteger() : n;
            if (limit > 0 && c.get() >= limit) {
                ok[0] = false;
            } else {
                c.incrementAndGet();
            }
            return c.get() == 0 ? null : c;
        });
        return ok[0];
    }

    /** Drops the entry at zero, so the maps hold only who is connected now, not everyone ever seen. */
    private static void releaseKeyed(ConcurrentHashMap<String, AtomicInteger> counts, String key) {
        counts.computeIfPresent(key, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    private static Lease once(Runnable release) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                release.run();
            }
        };
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
