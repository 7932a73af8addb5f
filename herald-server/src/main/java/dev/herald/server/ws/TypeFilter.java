package dev.herald.server.ws;

import dev.herald.core.event.EventTypes;

import java.util.HashSet;
import java.util.Set;

/**
 * A connection's event-type subscription: everything (the default), everything but some types, or a set.
 * Not thread-safe: owned by one connection's event loop.
 */
final class TypeFilter {
    private boolean all = true;
    private final Set<String> included = new HashSet<>();
    private final Set<String> excluded = new HashSet<>();

    /** Replaces the filter; {@code "*"} means all types. */
    void subscribe(Set<String> types) {
        excluded.clear();
        included.clear();
        all = types.contains(EventTypes.WILDCARD);
        if (!all) {
            included.addAll(types);
        }
    }

    void unsubscribe(Set<String> types) {
        if (types.contains(EventTypes.WILDCARD)) {
            all = false;
            included.clear();
            excluded.clear();
            return;
        }
        included.removeAll(types);
        if (all) {
            excluded.addAll(types);
        }
    }

    boolean accepts(String type) {
        if (all) {
            // The common case, checked without touching the sets: every type, nothing excluded.
            return excluded.isEmpty() || !excluded.contains(type);
        }
        return included.contains(type);
    }
}
