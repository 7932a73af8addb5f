package dev.herald.store.postgres;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code postgres.url} split into a JDBC URL without credentials plus user and password, so the password never
 * reaches a URL that a driver, pool or migration tool might log. Accepts the libpq URI
 * ({@code postgresql://user:pass@host:5432/db?sslmode=require}, also {@code postgres://}) and the JDBC URL
 * ({@code jdbc:postgresql://host:5432/db?user=…&password=…}); other query parameters are kept.
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {

    public static PostgresUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("postgres.url is empty");
        }
        String rest;
        if (url.startsWith("jdbc:postgresql://")) {
            rest = url.substring("jdbc:postgresql://".length());
        } else if (url.startsWith("postgresql://")) {
            rest = url.substring("postgresql://".length());
        } else if (url.startsWith("postgres://")) {
            rest = url.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException("postgres.url must start with postgresql://, postgres:// or jdbc:postgresql://");
        }
        String user = null;
        String password = null;
        int slash = rest.indexOf('/');
        int at = rest.lastIndexOf('@', slash < 0 ? rest.length() : slash);
        if (at >= 0) {
            String info = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        List<String> kept = new ArrayList<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (key.equals("user")) {
                    user = value;
                } else if (key.equals("password")) {
                    password = value;
                } else {
                    kept.add(pair);
                }
            }
        }
        if (rest.isEmpty() || rest.startsWith("/")) {
            throw new IllegalArgumentException("postgres.url has no host");
        }
        URI.create("postgresql://" + rest); // rejects a malformed host:port/db early, with the password gone
        String jdbc = "jdbc:postgresql://" + rest + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        return new PostgresUrl(jdbc, user, password);
    }

    /** The URL for logs and messages: credentials left out. */
    @Override
    public String toString() {
        return jdbcUrl + (user == null ? "" : " (user " + user + ")");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
