package dev.herald.protocol;

import java.util.Optional;

/** What a client may send on {@code /ws/events} and {@code /ws/{user}}, under {@code "action"} (or {@code "type"}). */
public enum ClientAction {
    /** Replaces the type filter; with {@code since}, first replays what was missed. */
    SUBSCRIBE("subscribe"),
    UNSUBSCRIBE("unsubscribe"),
    PING("ping"),
    /** The answer to the server's JSON {@code ping} on {@code /ws/{user}}. */
    PONG("pong"),
    /** A new token before the current one expires. */
    REFRESH("refresh");

    private final String wire;

    ClientAction(String wire) {
        this.wire = wire;
    }

    /** The name on the wire. */
    public String wire() {
        return wire;
    }

    public static Optional<ClientAction> fromWire(String name) {
        for (ClientAction a : values()) {
            if (a.wire.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
