package dev.herald.server.ws;

import dev.herald.core.auth.ApiKeyAuthenticator;
import dev.herald.core.auth.Principal;
import dev.herald.core.auth.TokenVerifier;
import dev.herald.core.store.ApiKey;
import dev.herald.server.config.HeraldConfig;
import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Who may read {@code /logs/ws} (SPEC §6): a JWT whose {@code scope} holds {@value #SCOPE} or {@code admin},
 * or an API key with {@code admin}, from the header, the auth cookie or {@code ?token=}; of tenant
 * {@code logs.tenant} when that is set. {@code logs.auth: none} lets everyone in. Thread-safe.
 */
final class LogsAccess {
    static final String SCOPE = "logs:read";
    private static final String API_KEY_PREFIX = "hk_";

    /** {@code logs.auth} and {@code logs.tenant} in force, read at each decision (they follow a reload). */
    private final Supplier<HeraldConfig.Logs> logs;
    private final String cookieName;
    private final TokenVerifier tokens;
    private final ApiKeyAuthenticator apiKeys;

    LogsAccess(Supplier<HeraldConfig.Logs> logs, String cookieName, TokenVerifier tokens, ApiKeyAuthenticator apiKeys) {
        this.logs = logs;
        this.cookieName = cookieName;
        this.tokens = tokens;
        this.apiKeys = apiKeys;
    }

    private static boolean required(HeraldConfig.Logs logs) {
        return !"none".equals(logs.auth());
    }

    /** Whether {@link #allows} can answer without reading the key store (so on an event loop). */
    boolean answersFromMemory(MultiMap headers, Map<String, List<String>> query) {
        if (!required(logs.get())) {
            return true;
        }
        return apiKeys.answersFromMemory(TokenSources.find(headers, query, cookieName));
    }

    /**
     * Whether the upgrade request's credential grants the log stream. An API key may read the key store on a
     * cache miss: see {@link #answersFromMemory}.
     */
    boolean allows(MultiMap headers, Map<String, List<String>> query) {
        HeraldConfig.Logs l = logs.get();
        if (!required(l)) {
            return true;
        }
        String credential = TokenSources.find(headers, query, cookieName);
        if (credential == null) {
            return false;
        }
        if (credential.startsWith(API_KEY_PREFIX)) {
            return apiKeys.find(credential)
                    .filter(k -> k.has(ApiKey.Scope.ADMIN) && ofTenant(l.tenant(), k.tenant()))
                    .isPresent();
        }
        return tokens.verify(credential).filter(p -> grants(p, l.tenant())).isPresent();
    }

    private static boolean grants(Principal p, String tenant) {
        return (p.isAdmin() || p.scopes().contains(SCOPE)) && ofTenant(tenant, p.tenant());
    }

    private static boolean ofTenant(String required, String t) {
        return required == null || required.equals(t);
    }
}
