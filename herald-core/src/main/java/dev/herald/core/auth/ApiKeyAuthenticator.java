package dev.herald.core.auth;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.id.Secrets;
import dev.herald.core.store.ApiKey;
import dev.herald.core.store.ApiKeyStore;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks {@code Authorization: Bearer hk_…} keys against the hashed key store. Thread-safe. Answers are
 * cached for {@link #CACHE_TTL_NANOS} so the request path rarely touches the database; a revoked or new key
 * takes effect within that time.
 */
public final class ApiKeyAuthenticator {
    static final long CACHE_TTL_NANOS = 1_000_000_000L;
    private static final int CACHE_LIMIT = 10_000;

    private final ApiKeyStore keys;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<ApiKey> key, long loadedAt) {
    }

    public ApiKeyAuthenticator(ApiKeyStore keys) {
        this.keys = keys;
    }

    /**
     * Whether {@link #find} would answer {@code plaintext} from memory (a fresh cache entry, or a credential
     * that is not a key at all): then it can run on an event loop; otherwise the caller hands it to a worker.
     */
    public boolean answersFromMemory(String plaintext) {
        if (notAKey(plaintext)) {
            return true;
        }
        return fresh(Secrets.sha256Hex(plaintext)) != null;
    }

    /**
     * {@link #require}'s answer when it needs no store read (a fresh cache entry, or a credential that is not a
     * key at all), hashing the key once; {@code null} when the store must be read: then call {@link #require}
     * off the event loop.
     */
    public ApiKey requireFromMemory(String plaintext, ApiKey.Scope scope) {
        if (notAKey(plaintext)) {
            return require(plaintext, scope);
        }
        Cached c = fresh(Secrets.sha256Hex(plaintext));
        return c == null ? null : checked(c.key, scope);
    }

    /** The live key for {@code plaintext}, or empty when it is unknown, malformed or revoked. May read the store. */
    public Optional<ApiKey> find(String plaintext) {
        if (notAKey(plaintext)) {
            return Optional.empty();
        }
        String hash = Secrets.sha256Hex(plaintext);
        Cached c = fresh(hash);
        if (c == null) {
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear(); // bounded memory under a flood of random keys
            }
            long now = System.nanoTime();
            c = new Cached(keys.findByHash(hash).filter(k -> k.revokedAt() == null), now);
            cache.put(hash, c);
        }
        return c.key;
    }

    /** The key, which must grant {@code scope}; otherwise 401 (no valid key) or 403 (key lacks the scope). */
    public ApiKey require(String plaintext, ApiKey.Scope scope) {
        return checked(find(plaintext), scope);
    }

    /** The cache's answer for {@code hash} while it is younger than {@link #CACHE_TTL_NANOS}; else null. */
    private Cached fresh(String hash) {
        Cached c = cache.get(hash);
        return c != null && System.nanoTime() - c.loadedAt <= CACHE_TTL_NANOS ? c : null;
    }

    private static boolean notAKey(String plaintext) {
        return plaintext == null || !plaintext.startsWith("hk_") || plaintext.length() > 128;
    }

    private static ApiKey checked(Optional<ApiKey> found, ApiKey.Scope scope) {
        ApiKey key = found.orElseThrow(() ->
                new HeraldException(ErrorCode.UNAUTHORIZED, "a valid API key is required: Authorization: Bearer hk_…"));
        if (!key.has(scope)) {
            throw new HeraldException(ErrorCode.FORBIDDEN, "this API key lacks the " + scope.wireName() + " scope");
        }
        return key;
    }
}
