package dev.herald.core.event;

import java.time.Instant;

/**
 * A validated event that has not been accepted yet: it has no {@code seq} and no tenant (the tenant
 * comes from the publishing key, never from the body).
 *
 * @param id        client-supplied or minted {@code evt_} id; the idempotency key within a tenant
 * @param user      target user, or null for a broadcast to the whole tenant
 * @param dataJson  the {@code data} object as compact JSON text
 */
public record NewEvent(String id, String type, String user, String resourceType, String resourceId,
                       Instant timestamp, String dataJson) {
}
