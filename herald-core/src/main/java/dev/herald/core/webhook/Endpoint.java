package dev.herald.core.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint of one tenant. {@link #secrets} are the secrets as held in memory; stores keep them
 * encrypted ({@link SecretCipher}).
 *
 * <p>A disabled endpoint gets no new deliveries (events accepted meanwhile are not queued for it), and its pending
 * deliveries are not attempted until it is enabled again; then they go out on their schedule (those already due at
 * once).
 *
 * @param id             {@code wh_} + ULID
 * @param eventTypes     the types it receives; {@code "*"} for all
 * @param overlapUntil   while a rotation overlap runs, when it ends on its own; null otherwise
 * @param disabledAt     when it was disabled; null while enabled
 * @param disabledReason {@link #DISABLED_MANUALLY} or {@link #DISABLED_FAILING}; null while enabled
 */
public record Endpoint(String id, String tenant, String url, List<String> eventTypes, String description,
                       String notifyEmail, SigningSecrets secrets, Instant overlapUntil, Instant createdAt,
                       Instant updatedAt, Instant disabledAt, String disabledReason) {
    public static final String WILDCARD = "*";
    /** Disabled through the API ({@code "disabled": true}). */
    public static final String DISABLED_MANUALLY = "manual";
    /** Disabled by Herald after {@code webhooks.disable_after} of continuous failure. */
    public static final String DISABLED_FAILING = "failing";

    public Endpoint {
        eventTypes = List.copyOf(eventTypes);
        if ((disabledAt == null) != (disabledReason == null)) {
            throw new IllegalArgumentException("disabledAt and disabledReason are set together");
        }
    }

    /** An enabled endpoint. */
    public Endpoint(String id, String tenant, String url, List<String> eventTypes, String description,
                    String notifyEmail, SigningSecrets secrets, Instant overlapUntil, Instant createdAt,
                    Instant updatedAt) {
        this(id, tenant, url, eventTypes, description, notifyEmail, secrets, overlapUntil, createdAt, updatedAt,
                null, null);
    }

    public boolean accepts(String eventType) {
        return eventTypes.contains(WILDCARD) || eventTypes.contains(eventType);
    }

    public boolean disabled() {
        return disabledAt != null;
    }

    /** The secrets to sign with at {@code now}: the previous one is dropped once its overlap has run out. */
    public SigningSecrets liveSecrets(Instant now) {
        if (secrets.previous() != null && overlapUntil != null && !now.isBefore(overlapUntil)) {
            return secrets.overlapCompleted();
        }
        return secrets;
    }

    public Endpoint withSecrets(SigningSecrets newSecrets, Instant newOverlapUntil, Instant at) {
        return new Endpoint(id, tenant, url, eventTypes, description, notifyEmail, newSecrets, newOverlapUntil, createdAt,
                at, disabledAt, disabledReason);
    }

    public Endpoint withSettings(String newUrl, List<String> newTypes, String newDescription, String newEmail, Instant at) {
        return new Endpoint(id, tenant, newUrl, newTypes, newDescription, newEmail, secrets, overlapUntil, createdAt, at,
                disabledAt, disabledReason);
    }

    /** Disabled at {@code at} for {@code reason}; an already disabled endpoint keeps its original time and reason. */
    public Endpoint disable(Instant at, String reason) {
        if (disabled()) {
            return this;
        }
        return new Endpoint(id, tenant, url, eventTypes, description, notifyEmail, secrets, overlapUntil, createdAt, at,
                at, reason);
    }

    /** Enabled again (a no-op when it is). */
    public Endpoint enable(Instant at) {
        if (!disabled()) {
            return this;
        }
        return new Endpoint(id, tenant, url, eventTypes, description, notifyEmail, secrets, overlapUntil, createdAt, at,
                null, null);
    }
}
