package dev.herald.broker.redis;

import io.lettuce.core.RedisURI;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.regex.Pattern;

/** Parses {@code redis.url} and renders it for logs without its credentials. */
final class RedisUrl {
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^@/]*@");

    private RedisUrl() {
    }

    /** @throws IllegalArgumentException naming the redacted URL, never the password */
    static RedisURI parse(String url, Duration commandTimeout) {
        if (url == null || !(url.startsWith("redis://") || url.startsWith("rediss://"))) {
            throw new IllegalArgumentException("redis.url must look like redis://[:password@]host:port[/db] "
                    + "(rediss:// for TLS), got " + (url == null ? "nothing" : redacted(url)));
        }
        RedisURI uri;
        try {
            URI plain = new URI(url);
            String path = plain.getPath() == null ? "" : plain.getPath();
            if (plain.getHost() == null || !path.matches("(/\\d{0,2})?") || plain.getQuery() != null) {
                throw new IllegalArgumentException("no host, or not /<db>");
            }
            uri = RedisURI.create(url);
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalArgumentException("redis.url " + redacted(url)
                    + " is not a valid redis://[:password@]host:port[/db] URL");
        }
        uri.setTimeout(commandTimeout);
        return uri;
    }

    /** The URL with any {@code user:password@} replaced by {@code ***@}. */
    static String redacted(String url) {
        return USER_INFO.matcher(url).replaceFirst("$1***@");
    }
}
