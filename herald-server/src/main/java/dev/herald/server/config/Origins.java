package dev.herald.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Web origins ({@code scheme://host[:port]}) in one comparable form, for {@code server.allowed_origins}. */
public final class Origins {

    private Origins() {
    }

    /** {@code scheme://host[:port]} in lower case without the scheme's default port; empty when not an origin. */
    public static Optional<String> normalize(String origin) {
        try {
            URI u = new URI(origin.trim());
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || u.getHost() == null || u.getRawUserInfo() != null
                    || !(u.getRawPath() == null || u.getRawPath().isEmpty()) || u.getRawQuery() != null
                    || u.getRawFragment() != null) {
                return Optional.empty();
            }
            int port = u.getPort() == defaultPort(scheme) ? -1 : u.getPort();
            return Optional.of(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }
}
