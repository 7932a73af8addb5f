package dev.herald.core.webhook;

/**
 * A delivery the dispatcher holds a lease on: it is this node's to attempt until the lease runs out.
 *
 * @param attemptCount attempts already recorded (0 before the first)
 * @param manual       a hand-triggered attempt ({@code retry}, {@code recover}): one try outside the schedule
 * @param owner        the dispatcher (node) holding the lease
 * @param leaseUntil   when the lease runs out; with {@code owner} it identifies this claim when recording
 */
public record ClaimedDelivery(String id, String tenant, String endpointId, String eventId, String body,
                              int attemptCount, DeliveryStatus status, boolean manual, String owner,
                              java.time.Instant leaseUntil) {
}
