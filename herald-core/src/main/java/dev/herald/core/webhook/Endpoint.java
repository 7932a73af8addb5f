package dev.herald.core.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint of one tenant. {@link #secrets} are the secrets as held in memory; stores keep them
 * encrypted ({@link SecretCipher}).
 *
 * @param id           {@code wh_} + ULID
 * @param eventTypes   the types it receives; {@code "*"} for all
 * @param overlapUntil while a rotation overlap runs, when it ends on its own; null otherwise
 */
public record Endpoint(String id, String tenant, String url, List<String> eventTypes, String description,
                       String notifyEmail, SigningSecrets secrets, Instant overlapUntil, Instant createdAt,
                       Instant updatedAt) {
    public static final String WILDCARD = "*";

    public Endpoint {
        eventTypes = List.copyOf(eventTypes);
    }

    public boolean accepts(String eventType) {
        return eventTypes.contains(WILDCARD) || eventTypes.contains(eventType);
    }

    /** The secrets to sign with at {@code now}: the previous one is dropped once its overlap has run out. */
    public SigningSecrets liveSecrets(Instant now) {
        if (secrets.previous() != null && overlapUntil != null && !now.isBefore(overlapUntil)) {
            return secrets.overlapCompleted();
        }
        return secrets;
    }

    public Endpoint withSecrets(SigningSecrets newSecrets, Instant newOverlapUntil, Instant at) {
        return new Endpoint(id, tenant, url, eventTypes, description, notifyEmail, newSecrets, newOverlapUntil, createdAt, at);
    }

    public Endpoint withSettings(String newUrl, List<String> newTypes, String newDescription, String newEmail, Instant at) {
        return new Endpoint(id, tenant, newUrl, newTypes, newDescription, newEmail, secrets, overlapUntil, createdAt, at);
    }
}
