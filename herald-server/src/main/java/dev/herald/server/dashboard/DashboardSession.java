package dev.herald.server.dashboard;

import dev.herald.core.store.ApiKey;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One signed-in dashboard browser: the admin key it signed in with (as stored: tenant, scopes, never the key
 * itself), its CSRF token and its clock. Thread-safe: read from every event loop.
 *
 * @param keyHash the SHA-256 of the key, to look it up again (a revoked key ends the session)
 */
public final class DashboardSession {
    private final String idHash;
    private final String csrf;
    private final String keyHash;
    private final long createdAtMillis;
    private final AtomicLong lastSeenMillis;
    private final AtomicLong verifiedAtMillis;
    private final AtomicInteger streams = new AtomicInteger();
    private volatile ApiKey key;
    private volatile boolean ended;

    DashboardSession(String idHash, String csrf, ApiKey key, String keyHash, long nowMillis) {
        this.idHash = idHash;
        this.csrf = csrf;
        this.key = key;
        this.keyHash = keyHash;
        this.createdAtMillis = nowMillis;
        this.lastSeenMillis = new AtomicLong(nowMillis);
        this.verifiedAtMillis = new AtomicLong(nowMillis);
    }

    /** The tenant every data call of this session is scoped to. */
    public String tenant() {
        return key.tenant();
    }

    public ApiKey key() {
        return key;
    }

    public String csrf() {
        return csrf;
    }

    String idHash() {
        return idHash;
    }

    String keyHash() {
        return keyHash;
    }

    long createdAtMillis() {
        return createdAtMillis;
    }

    long lastSeenMillis() {
        return lastSeenMillis.get();
    }

    void touch(long nowMillis) {
        lastSeenMillis.accumulateAndGet(nowMillis, Math::max);
    }

    long verifiedAtMillis() {
        return verifiedAtMillis.get();
    }

    void verified(ApiKey fresh, long nowMillis) {
        key = fresh;
        verifiedAtMillis.set(nowMillis);
    }

    /** Whether it was signed out, expired or its key revoked; a stream checks this on each tick. */
    public boolean ended() {
        return ended;
    }

    void end() {
        ended = true;
    }

    /** Takes one of the session's stream slots; false when it has {@code max} open already. */
    boolean openStream(int max) {
        if (streams.incrementAndGet() > max) {
            streams.decrementAndGet();
            return false;
        }
        return true;
    }

    void closeStream() {
        streams.decrementAndGet();
    }
}
