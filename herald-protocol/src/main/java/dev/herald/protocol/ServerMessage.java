package dev.herald.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Optional;

/**
 * One text frame from {@code /ws/events} or {@code /ws/{user}}, classified: an event (anything with a
 * {@code "seq"}, or Herald's own {@code system_status}, which has none) or a {@linkplain ReplyType reply}.
 *
 * @param type  the {@code "type"} field: the event type or the reply's kind
 * @param reply the reply's kind; null for an event
 * @param seq   the event's seq; null for replies and for events Herald does not store
 * @param json  the whole frame, parsed
 */
public record ServerMessage(String type, ReplyType reply, Long seq, JsonNode json) {

    /**
     * Classifies a parsed frame; empty when it is not a message Herald sends (not an object, no string
     * {@code "type"}, or a {@code "seq"} that is not a non-negative integer).
     */
    public static Optional<ServerMessage> of(JsonNode json) {
        if (json == null || !json.isObject()) {
            return Optional.empty();
        }
        JsonNode type = json.get(Fields.TYPE);
        if (type == null || !type.isTextual()) {
            return Optional.empty();
        }
        JsonNode seq = json.get(Fields.SEQ);
        if (seq != null && !seq.isNull()) {
            if (!seq.canConvertToExactIntegral() || !seq.canConvertToLong() || seq.asLong() < 0) {
                return Optional.empty();
            }
            return Optional.of(new ServerMessage(type.textValue(), null, seq.asLong(), json));
        }
        return Optional.of(new ServerMessage(type.textValue(), ReplyType.fromWire(type.textValue()).orElse(null), null, json));
    }

    public boolean isEvent() {
        return reply == null;
    }

    /** The {@code "data"} object (a missing node when absent). */
    public JsonNode data() {
        JsonNode d = json.get(Fields.DATA);
        return d == null ? NullNode.getInstance() : d;
    }
}
