package dev.herald.server.ws;

import dev.herald.core.event.EventTypes;

import java.util.HashSet;
import java.util.Set;

/**
 * A connection's event-type subscription: everything (the default), everything but some types, or a set.
 * Not thread-safe: owned by one connection's event loop. The sets exist only once a client narrows its
 * subscription, so the default filter costs one small object per connection.
 */
final class TypeFilter {
    private boolean all = true;
    private Set<String> included;
    private Set<String> excluded;

    /** Replaces the filter; {@code "*"} means all types. */
    void subscribe(Set<String> types) {
        excluded = null;
        all = types.contains(EventTypes.WILDCARD);
        included = all ? null : new HashSet<>(types);
    }

    void unsubscribe(Set<String> types) {
        if (types.contains(EventTypes.WILDCARD)) {
            all = false;
            included = null;
            excluded = null;
            return;
        }
        if (included != null) {
            included.removeAll(types);
        }
        if (all) {
            if (excluded == null) {
                excluded = new HashSet<>();
            }
            excluded.addAll(types);
        }
    }

    boolean accepts(String type) {
        if (all) {
            // The common case, checked without touching a set: every type, nothing excluded.
            return excluded == null || !excluded.contains(type);
        }
        return included != null && included.contains(type);
    }
}
