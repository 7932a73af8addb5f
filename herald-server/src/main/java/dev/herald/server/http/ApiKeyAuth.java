package dev.herald.server.http;

import dev.herald.core.store.StoreUnavailableException;
import dev.herald.core.auth.ApiKeyAuthenticator;
import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.store.ApiKey;
import io.vertx.ext.web.RoutingContext;

/** Resolves the request's {@code Authorization: Bearer hk_…} key into the caller's tenant and scopes. */
public final class ApiKeyAuth {
    private static final String KEY = "herald.apiKey";

    private ApiKeyAuth() {
    }

    /**
     * A route handler that lets the request through only with a live key granting {@code scope}. A key known
     * to the cache is checked in place; any other is looked up on a worker (the store may be a remote
     * database), with the request paused meanwhile so no body chunk is lost or read before the caller is known.
     */
    public static io.vertx.core.Handler<RoutingContext> require(ApiKeyAuthenticator keys, ApiKey.Scope scope) {
        return rc -> {
            String auth = rc.request().getHeader("Authorization");
            if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                ErrorResponses.send(rc, new HeraldException(ErrorCode.UNAUTHORIZED,
                        "missing API key: send Authorization: Bearer hk_…"));
                return;
            }
            String plaintext = auth.substring(7).trim();
            ApiKey known;
            try {
                known = keys.requireFromMemory(plaintext, scope);
            } catch (HeraldException e) {
                ErrorResponses.send(rc, e);
                return;
            }
            if (known != null) {
                admit(rc, known);
                rc.next();
                return;
            }
            rc.request().pause();
            rc.vertx().executeBlocking(() -> keys.require(plaintext, scope), false).onComplete(ar ->
                    admit(rc, () -> {
                        if (ar.failed()) {
                            throw ar.cause() instanceof RuntimeException re ? re : new IllegalStateException(ar.cause());
                        }
                        return ar.result();
                    }));
        };
    }

    private static void admit(RoutingContext rc, java.util.function.Supplier<ApiKey> check) {
        ApiKey key;
        try {
            key = check.get();
        } catch (HeraldException e) {
            ErrorResponses.send(rc, e);
            return;
        } catch (StoreUnavailableException e) {
            ErrorResponses.send(rc, new HeraldException(ErrorCode.STORE_UNAVAILABLE, "the key store does not answer; retry later"));
            return;
        }
        rc.put(KEY, key);
        rc.next();
    }

    /**
     * Lets the request through as {@code key}'s, already checked by its caller (the dashboard's session, which
     * holds the key it signed in with): the API's handlers then serve it exactly as a request bearing that key.
     */
    public static void admit(RoutingContext rc, ApiKey key) {
        rc.put(KEY, key);
    }

    public static ApiKey of(RoutingContext rc) {
        return rc.get(KEY);
    }
}
