package dev.herald.core.webhook;

import dev.herald.core.event.Event;
import dev.herald.core.id.Ulid;
import dev.herald.core.store.OutboxEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * The deliveries one accepted event needs: one per endpoint of its tenant that accepts its type. The body is
 * encoded once, however many endpoints match. Pure and thread-safe; stores call it inside the event's
 * transaction with whatever view of the endpoints they hold (the in-memory registry, or rows read in the
 * same transaction).
 */
public final class WebhookOutbox {
    private WebhookOutbox() {
    }

    /** Entries for {@code event}, in the order of {@code endpoints}; endpoints of other tenants are ignored. */
    public static List<OutboxEntry> entriesFor(Event event, List<Endpoint> endpoints) {
        List<OutboxEntry> out = null;
        String body = null;
        for (Endpoint e : endpoints) {
            if (e.tenant().equals(event.tenant()) && e.accepts(event.type())) {
                if (body == null) {
                    body = WebhookEnvelope.encodeToString(event);
                    out = new ArrayList<>(endpoints.size());
                }
                out.add(new OutboxEntry("msg_" + Ulid.next(), event.tenant(), e.id(), event.id(), event.type(), body));
            }
        }
        return out == null ? List.of() : out;
    }
}
