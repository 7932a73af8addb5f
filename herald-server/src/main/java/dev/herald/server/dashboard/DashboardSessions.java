package dev.herald.server.dashboard;

import dev.herald.core.id.Secrets;
import dev.herald.core.store.ApiKey;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's dashboard sessions, in memory and bounded. A session ends after {@link #IDLE} without a request,
 * {@link #ABSOLUTE} after sign-in whatever its use, at sign-out, or when its key is revoked. Ids are 256 random
 * bits; only their SHA-256 is kept, so a lookup's timing says nothing about stored ids. When {@link #MAX} sessions
 * are live, signing in drops the oldest. Thread-safe.
 */
public final class DashboardSessions {
    public static final Duration IDLE = Duration.ofMinutes(30);
    public static final Duration ABSOLUTE = Duration.ofHours(12);
    static final int MAX = 1000;
    private static final int ID_CHARS = 43; // 32 bytes, base64url without padding

    private final ConcurrentHashMap<String, DashboardSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    public DashboardSessions(Clock clock) {
        this.clock = clock;
    }

    /** A new session for {@code key}; returns its id (the cookie value), which is not kept. */
    public Created create(ApiKey key, String keyHash) {
        long now = clock.millis();
        if (sessions.size() >= MAX) {
            sessions.values().removeIf(s -> expired(s, now));
            while (sessions.size() >= MAX) {
                sessions.values().stream().min(Comparator.comparingLong(DashboardSession::createdAtMillis))
                        .ifPresent(this::end);
            }
        }
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.randomBytes(32));
        String csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.randomBytes(32));
        DashboardSession s = new DashboardSession(hash(id), csrf, key, keyHash, now);
        sessions.put(s.idHash(), s);
        return new Created(id, s);
    }

    public record Created(String id, DashboardSession session) {
    }

    /** The live session for a cookie value (which may be anything a client sent), refreshed; empty otherwise. */
    public Optional<DashboardSession> find(String id) {
        if (id == null || id.length() != ID_CHARS) {
            return Optional.empty();
        }
        DashboardSession s = sessions.get(hash(id));
        if (s == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        if (expired(s, now)) {
            end(s);
            return Optional.empty();
        }
        s.touch(now);
        return Optional.of(s);
    }

    /** Ends {@code s} (sign-out, revoked key); its streams notice on their next tick. */
    public void end(DashboardSession s) {
        s.end();
        sessions.remove(s.idHash(), s);
    }

    /**
     * For a live view (stream) of {@code s}, on each of its ticks: false when the session has ended or outlived its
     * limits (it is then ended, and the view must close); otherwise true, and the open view counts as use.
     */
    public boolean stillLive(DashboardSession s) {
        long now = clock.millis();
        if (expired(s, now)) {
            end(s);
            return false;
        }
        s.touch(now);
        return true;
    }

    public int size() {
        return sessions.size();
    }

    long nowMillis() {
        return clock.millis();
    }

    private static boolean expired(DashboardSession s, long now) {
        return s.ended() || now - s.lastSeenMillis() >= IDLE.toMillis() || now - s.createdAtMillis() >= ABSOLUTE.toMillis();
    }

    /** Constant-time: whether {@code given} is the session's CSRF token. */
    public static boolean csrfMatches(DashboardSession s, String given) {
        return given != null && MessageDigest.isEqual(s.csrf().getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private static String hash(String id) {
        return Secrets.sha256Hex(id);
    }
}
