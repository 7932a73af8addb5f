package dev.herald.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;

/** The JSON texts a client sends (SPEC §3), always with the verb under {@code "action"}. Thread-safe. */
public final class ClientMessages {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ClientMessages() {
    }

    /** Replaces the server's type filter with {@code eventTypes} ({@code "*"}: all; empty: none). */
    public static String subscribe(Collection<String> eventTypes) {
        return withTypes(ClientAction.SUBSCRIBE, eventTypes).toString();
    }

    /** A subscribe that first replays the events after {@code since} still in history. */
    public static String subscribe(Collection<String> eventTypes, long since) {
        return withTypes(ClientAction.SUBSCRIBE, eventTypes).put(Fields.SINCE, since).toString();
    }

    public static String unsubscribe(Collection<String> eventTypes) {
        return withTypes(ClientAction.UNSUBSCRIBE, eventTypes).toString();
    }

    public static String ping() {
        return verb(ClientAction.PING).toString();
    }

    public static String pong() {
        return verb(ClientAction.PONG).toString();
    }

    public static String refresh(String token) {
        return verb(ClientAction.REFRESH).put(Fields.TOKEN, token).toString();
    }

    private static ObjectNode withTypes(ClientAction action, Collection<String> eventTypes) {
        ObjectNode m = verb(action);
        eventTypes.forEach(m.putArray(Fields.EVENT_TYPES)::add);
        return m;
    }

    private static ObjectNode verb(ClientAction action) {
        return MAPPER.createObjectNode().put(Fields.ACTION, action.wire());
    }
}
