package dev.herald.core.store;

import dev.herald.core.id.Secrets;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** API keys, stored as SHA-256 hashes. Thread-safe; changes are visible to other processes on the same data. */
public interface ApiKeyStore {

    /** A key as shown once to its owner: the plaintext {@code hk_…} and what it grants. */
    record IssuedKey(String plaintext, ApiKey key) {
    }

    IssuedKey create(String tenant, Set<ApiKey.Scope> scopes);

    Optional<ApiKey> findByHash(String sha256Hex);

    /** Marks the key revoked; false when no such key exists. */
    boolean revoke(String id);

    List<ApiKey> list();

    /** Mints the plaintext of a new key. */
    static String newPlaintext() {
        return "hk_" + Secrets.randomBase62(40);
    }
}
