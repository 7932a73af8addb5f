package dev.herald.server.http;

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

    /** A route handler that lets the request through only with a live key granting {@code scope}. */
    public static io.vertx.core.Handler<RoutingContext> require(ApiKeyAuthenticator keys, ApiKey.Scope scope) {
        return rc -> {
            String auth = rc.request().getHeader("Authorization");
            if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                ErrorResponses.send(rc, new HeraldException(ErrorCode.UNAUTHORIZED,
                        "missing API key: send Authorization: Bearer hk_…"));
                return;
            }
            try {
                rc.put(KEY, keys.require(auth.substring(7).trim(), scope));
            } catch (HeraldException e) {
                ErrorResponses.send(rc, e);
                return;
            }
            rc.next();
        };
    }

    public static ApiKey of(RoutingContext rc) {
        return rc.get(KEY);
    }
}
