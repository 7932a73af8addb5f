package dev.herald.core.webhook;

import dev.herald.core.event.Event;
import dev.herald.core.event.NewEvent;
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

    /** What matching needs of an endpoint; a store that reads endpoints per transaction need not open secrets. */
    public record Route(String endpointId, String tenant, List<String> eventTypes) {
        public Route {
            eventTypes = List.copyOf(eventTypes);
        }

        public boolean accepts(String eventType) {
            return eventTypes.contains(Endpoint.WILDCARD) || eventTypes.contains(eventType);
        }
    }

    /**
     * Entries for {@code event}, in the order of {@code endpoints}; endpoints of other tenants are ignored, and so
     * are disabled ones (a disabled endpoint gets no new deliveries).
     */
    public static List<OutboxEntry> entriesFor(Event event, List<Endpoint> endpoints) {
        return entriesFor(event, endpoints, null);
    }

    /** {@link #entriesFor(Event, List)} with the body already encoded ({@link #bodyIfWanted}), or null to encode it here. */
    public static List<OutboxEntry> entriesFor(Event event, List<Endpoint> endpoints, String body) {
        List<Route> routes = new ArrayList<>(endpoints.size());
        for (Endpoint e : endpoints) {
            if (!e.disabled()) {
                routes.add(new Route(e.id(), e.tenant(), e.eventTypes()));
            }
        }
        return entriesForRoutes(event, routes, body);
    }

    /**
     * The body of {@code event} when some endpoint of {@code endpoints} would get it (enabled, same tenant, type
     * accepted), else null: encoded before the event's transaction, on the publishing thread.
     */
    public static String bodyIfWanted(String tenant, NewEvent event, List<Endpoint> endpoints) {
        for (Endpoint e : endpoints) {
            if (!e.disabled() && e.tenant().equals(tenant)
                    && (e.eventTypes().contains(Endpoint.WILDCARD) || e.eventTypes().contains(event.type()))) {
                return WebhookEnvelope.encodeToString(tenant, event);
            }
        }
        return null;
    }

    /** {@link #entriesFor} over routes (the caller has left disabled endpoints out). */
    public static List<OutboxEntry> entriesForRoutes(Event event, List<Route> routes) {
        return entriesForRoutes(event, routes, null);
    }

    private static List<OutboxEntry> entriesForRoutes(Event event, List<Route> routes, String encoded) {
        List<OutboxEntry> out = null;
        String body = encoded;
        for (Route r : routes) {
            if (r.tenant().equals(event.tenant()) && r.accepts(event.type())) {
                if (out == null) {
                    out = new ArrayList<>(routes.size());
                    if (body == null) {
                        body = WebhookEnvelope.encodeToString(event);
                    }
                }
                out.add(new OutboxEntry("msg_" + Ulid.next(), event.tenant(), r.endpointId(), event.id(), event.type(), body));
            }
        }
        return out == null ? List.of() : out;
    }
}
