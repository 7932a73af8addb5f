package dev.herald.server.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.event.EventTypes;
import dev.herald.core.json.Json;
import dev.herald.protocol.ClientAction;
import dev.herald.protocol.Fields;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A control message from a client on {@code /ws/events} or {@code /ws/{user}}. The verb may be given as
 * {@code "action"} or {@code "type"}; unknown extra fields are ignored.
 *
 * @param eventTypes for subscribe/unsubscribe; may contain {@code "*"}
 * @param since      for subscribe: replay events after this seq, or null
 * @param token      for refresh
 */
public record ClientMessage(ClientAction verb, Set<String> eventTypes, Long since, String token) {

    /** Parses one text frame; throws {@link HeraldException} with {@code invalid_message} when it is not a valid message. */
    public static ClientMessage parse(String text) {
        JsonNode node = Json.parseOrNull(text);
        if (node == null) {
            throw invalid("not valid JSON");
        }
        if (!node.isObject()) {
            throw invalid("a message must be a JSON object");
        }
        JsonNode verbNode = node.hasNonNull(Fields.ACTION) ? node.get(Fields.ACTION) : node.get(Fields.TYPE);
        if (verbNode == null || !verbNode.isTextual()) {
            throw invalid("\"action\" (or \"type\") must be a string");
        }
        String verb = verbNode.textValue();
        ClientAction action = ClientAction.fromWire(verb).orElseThrow(() ->
                invalid("unknown action \"" + (verb.length() > 40 ? verb.substring(0, 40) + "…" : verb) + "\""));
        return switch (action) {
            case SUBSCRIBE -> new ClientMessage(action, types(node, true), since(node), null);
            case UNSUBSCRIBE -> new ClientMessage(action, types(node, true), null, null);
            case PING, PONG -> new ClientMessage(action, null, null, null);
            case REFRESH -> {
                JsonNode t = node.get(Fields.TOKEN);
                if (t == null || !t.isTextual() || t.textValue().isBlank()) {
                    throw invalid("refresh needs \"token\": a string");
                }
                yield new ClientMessage(action, null, null, t.textValue());
            }
        };
    }

    private static Set<String> types(JsonNode node, boolean required) {
        JsonNode arr = node.get(Fields.EVENT_TYPES);
        if (arr == null || arr.isNull()) {
            if (required) {
                throw invalid("\"event_types\" must be an array of event type names");
            }
            return null;
        }
        if (!arr.isArray()) {
            throw invalid("\"event_types\" must be an array of event type names");
        }
        if (arr.size() > 256) {
            throw invalid("at most 256 event types per message");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode t : arr) {
            if (!t.isTextual() || !(EventTypes.WILDCARD.equals(t.textValue()) || EventTypes.isValid(t.textValue()))) {
                throw invalid("\"event_types\" entries must be event type names or \"*\"");
            }
            out.add(t.textValue());
        }
        return out;
    }

    private static Long since(JsonNode node) {
        JsonNode s = node.get(Fields.SINCE);
        if (s == null || s.isNull()) {
            return null;
        }
        if (!s.canConvertToExactIntegral() || s.asLong() < 0) {
            throw invalid("\"since\" must be a non-negative integer seq");
        }
        return s.asLong();
    }

    private static HeraldException invalid(String detail) {
        return new HeraldException(ErrorCode.INVALID_MESSAGE, detail);
    }
}
