package dev.herald.core.event;

/** The grammar of event type names: {@code ^[a-z][a-z0-9_.-]{0,63}$}. */
public final class EventTypes {
    public static final String SYSTEM_STATUS = "system_status";
    public static final String WILDCARD = "*";
    private static final int MAX_LENGTH = 64;

    private EventTypes() {
    }

    /** Checked on every published event, so a loop over the characters rather than a regex matcher. */
    public static boolean isValid(String type) {
        if (type == null || type.isEmpty() || type.length() > MAX_LENGTH || !isLower(type.charAt(0))) {
            return false;
        }
        for (int i = 1; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!(isLower(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }
}
