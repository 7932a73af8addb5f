package dev.herald.core.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A delivery of one event to one endpoint, with its attempts oldest first.
 *
 * @param id            {@code msg_} + ULID
 * @param nextAttemptAt when the dispatcher will try next; null once settled
 * @param payload       the request body every attempt sends and signs, byte for byte (JS-canonical JSON)
 */
public record Delivery(String id, String tenant, String endpointId, String eventId, String eventType,
                       DeliveryStatus status, int attemptCount, Instant nextAttemptAt, Instant createdAt,
                       List<Attempt> attempts, String payload) {
    public Delivery {
        attempts = List.copyOf(attempts);
    }
}
