package dev.herald.protocol;

import java.util.regex.Pattern;

/** The grammar of event type names (SPEC §1), so a client refuses a name before the server would. */
public final class EventTypeNames {
    private static final Pattern TYPE = Pattern.compile("^[a-z][a-z0-9_.-]{0,63}$");

    private EventTypeNames() {
    }

    /** Whether {@code name} is an event type name or {@code "*"} (every type). */
    public static boolean isValidFilter(String name) {
        return Fields.WILDCARD.equals(name) || (name != null && TYPE.matcher(name).matches());
    }
}
