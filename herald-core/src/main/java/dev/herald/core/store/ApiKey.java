package dev.herald.core.store;

import java.time.Instant;
import java.util.Set;

/** A stored API key: only its hash is kept, never the key itself. */
public record ApiKey(String id, String tenant, Set<Scope> scopes, Instant createdAt, Instant revokedAt) {

    public enum Scope {
        PUBLISH, ADMIN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Scope parse(String s) {
            return Scope.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    public boolean has(Scope scope) {
        return revokedAt == null && (scopes.contains(scope) || scopes.contains(Scope.ADMIN));
    }
}
