package dev.herald.server.ws;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Map;

/** Finds the client's credential: header {@code Authorization: Bearer}, then the auth cookie, then {@code ?token=}. */
public final class TokenSources {

    private TokenSources() {
    }

    public static String find(MultiMap headers, Map<String, List<String>> query, String cookieName) {
        String auth = headers.get("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        String cookieHeader = headers.get("Cookie");
        if (cookieHeader != null) {
            try {
                for (Cookie c : ServerCookieDecoder.LAX.decode(cookieHeader)) {
                    if (c.name().equals(cookieName)) {
                        return c.value();
                    }
                }
            } catch (RuntimeException e) {
                // an unparsable cookie header is no credential
            }
        }
        List<String> t = query.get("token");
        return t == null || t.isEmpty() ? null : t.get(0);
    }

    public static Map<String, List<String>> query(String uri) {
        return new QueryStringDecoder(uri).parameters();
    }
}
