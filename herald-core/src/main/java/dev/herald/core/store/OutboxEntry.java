package dev.herald.core.store;

/**
 * One webhook delivery to write beside its event: a new {@code pending} delivery due at once.
 *
 * @param deliveryId {@code msg_} + ULID
 * @param body       the request body, encoded once at acceptance and signed afresh at every attempt
 */
public record OutboxEntry(String deliveryId, String tenant, String endpointId, String eventId, String eventType,
                          String body) {
}
