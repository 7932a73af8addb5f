package dev.herald.core.event;

import java.time.Instant;

/**
 * An accepted event: durable, numbered, visible to subscribers.
 *
 * @param seq strictly increasing per tenant, gap-free on one node; {@link #NO_SEQ} for Herald's own
 *            {@code system_status} events, which are never stored
 */
public record Event(String id, String type, String tenant, String user, String resourceType, String resourceId,
                    Instant timestamp, String dataJson, long seq) {

    public static final long NO_SEQ = 0;

    public static Event accepted(NewEvent e, String tenant, long seq) {
        return new Event(e.id(), e.type(), tenant, e.user(), e.resourceType(), e.resourceId(), e.timestamp(),
                e.dataJson(), seq);
    }

    public boolean isBroadcast() {
        return user == null;
    }
}
