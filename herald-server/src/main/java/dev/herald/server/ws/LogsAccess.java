package dev.herald.server.ws;

import dev.herald.core.auth.ApiKeyAuthenticator;
import dev.herald.core.auth.Principal;
import dev.herald.core.auth.TokenVerifier;
import dev.herald.core.store.ApiKey;
import dev.herald.server.config.HeraldConfig;
import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Map;

/**
 * Who may read {@code /logs/ws} (SPEC §6): a JWT whose {@code scope} holds {@value #SCOPE} or {@code admin},
 * or an API key with {@code admin}, from the header, the auth cookie or {@code ?token=}; of tenant
 * {@code logs.tenant} when that is set. {@code logs.auth: none} lets everyone in. Thread-safe.
 */
final class LogsAccess {
    static final String SCOPE = "logs:read";
    private static final String API_KEY_PREFIX = "hk_";

    private final boolean required;
    private final String tenant;
    private final String cookieName;
    private final TokenVerifier tokens;
    private final ApiKeyAuthenticator apiKeys;

    LogsAccess(HeraldConfig config, TokenVerifier tokens, ApiKeyAuthenticator apiKeys) {
        this.required = !"none".equals(config.logs().auth());
        this.tenant = config.logs().tenant();
        this.cookieName = config.auth().cookieName();
        this.tokens = tokens;
        this.apiKeys = apiKeys;
    }

    /** Whether {@link #allows} can answer without reading the key store (so on an event loop). */
    boolean answersFromMemory(MultiMap headers, Map<String, List<String>> query) {
        if (!required) {
            return true;
        }
        return apiKeys.answersFromMemory(TokenSources.find(headers, query, cookieName));
    }

    /**
     * Whether the upgrade request's credential grants the log stream. An API key may read the key store on a
     * cache miss: see {@link #answersFromMemory}.
     */
    boolean allows(MultiMap headers, Map<String, List<String>> query) {
        if (!required) {
            return true;
        }
        String credential = TokenSources.find(headers, query, cookieName);
        if (credential == null) {
            return false;
        }
        if (credential.startsWith(API_KEY_PREFIX)) {
            return apiKeys.find(credential)
                    .filter(k -> k.has(ApiKey.Scope.ADMIN) && ofTenant(k.tenant()))
                    .isPresent();
        }
        return tokens.verify(credential).filter(this::grants).isPresent();
    }

    private boolean grants(Principal p) {
        return (p.isAdmin() || p.scopes().contains(SCOPE)) && ofTenant(p.tenant());
    }

    private boolean ofTenant(String t) {
        return tenant == null || tenant.equals(t);
    }
}
