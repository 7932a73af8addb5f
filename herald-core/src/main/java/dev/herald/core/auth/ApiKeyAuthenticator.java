package dev.herald.core.auth;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.id.Secrets;
import dev.herald.core.store.ApiKey;
import dev.herald.core.store.ApiKeyStore;

import java.util.Optional;

/** Checks {@code Authorization: Bearer hk_…} keys against the hashed key store. Thread-safe. */
public final class ApiKeyAuthenticator {
    private final ApiKeyStore keys;

    public ApiKeyAuthenticator(ApiKeyStore keys) {
        this.keys = keys;
    }

    /** The live key for {@code plaintext}, or empty when it is unknown, malformed or revoked. */
    public Optional<ApiKey> find(String plaintext) {
        if (plaintext == null || !plaintext.startsWith("hk_") || plaintext.length() > 128) {
            return Optional.empty();
        }
        return keys.findByHash(Secrets.sha256Hex(plaintext)).filter(k -> k.revokedAt() == null);
    }

    /** The key, which must grant {@code scope}; otherwise 401 (no valid key) or 403 (key lacks the scope). */
    public ApiKey require(String plaintext, ApiKey.Scope scope) {
        ApiKey key = find(plaintext).orElseThrow(() ->
                new HeraldException(ErrorCode.UNAUTHORIZED, "a valid API key is required: Authorization: Bearer hk_…"));
        if (!key.has(scope)) {
            throw new HeraldException(ErrorCode.FORBIDDEN, "this API key lacks the " + scope.wireName() + " scope");
        }
        return key;
    }
}
