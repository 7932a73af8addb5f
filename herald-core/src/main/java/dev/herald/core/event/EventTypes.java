package dev.herald.core.event;

import java.util.regex.Pattern;

/** The grammar of event type names: {@code ^[a-z][a-z0-9_.-]{0,63}$}. */
public final class EventTypes {
    public static final String SYSTEM_STATUS = "system_status";
    public static final String WILDCARD = "*";
    private static final Pattern TYPE = Pattern.compile("^[a-z][a-z0-9_.-]{0,63}$");

    private EventTypes() {
    }

    public static boolean isValid(String type) {
        return type != null && TYPE.matcher(type).matches();
    }
}
