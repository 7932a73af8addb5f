package dev.herald.core.auth;

import java.time.Instant;
import java.util.Set;

/**
 * Who is on the other end of a connection, from a verified token.
 *
 * @param eventTypes the token's allow-list of event types, or null when the token carries none
 * @param scopes     space-separated or array {@code scope} claim, e.g. {@code admin}, {@code logs:read}
 */
public record Principal(String subject, String tenant, Instant expiresAt, Set<String> eventTypes, Set<String> scopes) {

    public boolean isAdmin() {
        return scopes.contains("admin");
    }

    public boolean allowsType(String type) {
        return eventTypes == null || eventTypes.contains(type);
    }
}
