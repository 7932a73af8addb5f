package dev.herald.client;

import dev.herald.protocol.ClientMessages;
import dev.herald.protocol.Fields;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The handlers of one client and the server filter they need: the union of their types. Each change returns
 * the message that brings the server's filter in line, or null when none is needed. Used on the client thread
 * only.
 */
final class Subscriptions {
    /** One {@code subscribe} call; identity, not the handler, is what {@link #remove} takes away. */
    static final class Registration {
        final String type;
        final Consumer<HeraldEvent> handler;

        Registration(String type, Consumer<HeraldEvent> handler) {
            this.type = type;
            this.handler = handler;
        }
    }

    private final List<Registration> registrations = new ArrayList<>();
    /** Handlers per type, in first-subscribed order: the union sent to the server. */
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    /** Adds a handler; the new union when its type is new to this client. */
    String add(Registration r) {
        registrations.add(r);
        boolean newType = counts.merge(r.type, 1, Integer::sum) == 1;
        return newType ? ClientMessages.subscribe(counts.keySet()) : null;
    }

    /** Removes a handler; what to send when it was its type's last. */
    String remove(Registration r) {
        if (!registrations.remove(r)) {
            return null;
        }
        if (counts.merge(r.type, -1, Integer::sum) > 0) {
            return null;
        }
        counts.remove(r.type);
        if (Fields.WILDCARD.equals(r.type)) {
            // Unsubscribing "*" clears the server's whole filter; the types still wanted are named again instead.
            return counts.isEmpty() ? ClientMessages.unsubscribe(List.of(Fields.WILDCARD)) : ClientMessages.subscribe(counts.keySet());
        }
        if (counts.containsKey(Fields.WILDCARD)) {
            return null; // "*" still covers the type, and unsubscribing it would carve it out of "*"
        }
        return ClientMessages.unsubscribe(List.of(r.type));
    }

    /** The subscribe for a new connection: the union, possibly empty (then the server sends no events). */
    String onConnect() {
        return ClientMessages.subscribe(counts.keySet());
    }

    /** The handlers for an event of {@code type}, in the order they subscribed. */
    List<Consumer<HeraldEvent>> handlersOf(String type) {
        List<Consumer<HeraldEvent>> out = new ArrayList<>(2);
        for (Registration r : registrations) {
            if (r.type.equals(type) || Fields.WILDCARD.equals(r.type)) {
                out.add(r.handler);
            }
        }
        return out;
    }
}
