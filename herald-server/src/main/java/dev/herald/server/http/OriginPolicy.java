package dev.herald.server.http;

import dev.herald.server.config.Origins;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may open a stream (WebSocket upgrade, SSE). A browser attaches the auth cookie whatever
 * page makes the request, and names that page in {@code Origin}: accepting any origin would let another site read
 * a signed-in user's events (cross-site WebSocket hijacking). Requests without {@code Origin} come from servers and
 * CLI tools, which hold their own credentials, and are let through. Thread-safe, immutable.
 */
public final class OriginPolicy {
    private final Set<String> allowed;

    /** @param allowedOrigins origins besides the Host's own, each {@code scheme://host[:port]} */
    public OriginPolicy(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(o -> Origins.normalize(o).orElseThrow(
                () -> new IllegalArgumentException("not an origin: " + o))).collect(Collectors.toUnmodifiableSet());
    }

    /** True when a request with this {@code Origin} (null: none) and {@code Host} header may open a stream. */
    public boolean permits(String origin, String host) {
        if (origin == null) {
            return true;
        }
        Optional<String> o = Origins.normalize(origin);
        return o.isPresent() && (allowed.contains(o.get()) || sameAsHost(o.get(), host));
    }

    /**
     * The Host header carries no scheme (and behind a TLS proxy the connection's own scheme says nothing), so the
     * origin's scheme decides the default port on both sides: {@code https://h} matches {@code Host: h} and
     * {@code Host: h:443}.
     */
    private static boolean sameAsHost(String origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String scheme = origin.substring(0, origin.indexOf(':'));
        return Origins.normalize(scheme + "://" + host.trim()).map(origin::equals).orElse(false);
    }
}
