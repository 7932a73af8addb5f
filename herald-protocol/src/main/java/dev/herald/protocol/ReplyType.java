package dev.herald.protocol;

import java.util.Optional;

/**
 * The {@code "type"} of what the server sends besides events. An event may have one of these names as its type
 * (the event type grammar does not reserve them), so a frame with a {@code "seq"} is always an event; see
 * {@link ServerMessage#parse}.
 */
public enum ReplyType {
    SUBSCRIBED("subscribed"),
    UNSUBSCRIBED("unsubscribed"),
    PONG("pong"),
    /** JSON keep-alive on {@code /ws/{user}}: answer with {@link ClientAction#PONG}. */
    PING("ping"),
    /** First message on {@code /ws/{user}}. */
    CONNECTED("connected"),
    REFRESHED("refreshed"),
    /** A message the server could not use; the connection stays open. */
    ERROR("error"),
    /** History does not reach back to {@code since}: events were missed and live delivery continues. */
    RECOVERY_FAILED("recovery_failed");

    private final String wire;

    ReplyType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ReplyType> fromWire(String name) {
        for (ReplyType t : values()) {
            if (t.wire.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
