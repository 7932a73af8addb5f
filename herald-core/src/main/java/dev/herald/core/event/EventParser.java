package dev.herald.core.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.id.Ulid;
import dev.herald.core.json.Json;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a publish request body into validated {@link NewEvent}s. A body is one event object or
 * {@code {"events":[...]}} with up to {@link #MAX_BATCH} events; any invalid event rejects the whole body
 * with an error naming the field ({@code events[3].type}).
 */
public final class EventParser {
    public static final int MAX_BATCH = 1000;
    private static final Set<String> KNOWN_FIELDS =
            Set.of("id", "type", "user", "resource_type", "resource_id", "timestamp", "data", "tenant", "seq");
    private static final BigInteger MAX_SAFE = BigInteger.valueOf(9007199254740991L);
    private static final int MAX_ID_LENGTH = 128;
    private static final int MAX_NAME_LENGTH = 256;

    private final int maxEventBytes;

    public EventParser(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Parses a raw request body. Numbers are checked on the raw text, before parsing could hide what
     * JavaScript would change (such as the sign of {@code -0}).
     */
    public List<NewEvent> parseBody(byte[] raw) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(raw);
        } catch (IOException | RuntimeException e) {
            throw new HeraldException(ErrorCode.INVALID_JSON, "request body is not valid JSON");
        }
        if (body == null || body.isMissingNode()) {
            throw new HeraldException(ErrorCode.INVALID_JSON, "request body is empty");
        }
        List<NewEvent> events = parseBody(body);
        checkNumbersAreSafe(raw);
        return events;
    }

    public List<NewEvent> parseBody(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "body must be an event object or {\"events\": [...]}");
        }
        JsonNode events = body.get("events");
        if (events == null) {
            return List.of(parseOne(body));
        }
        if (!events.isArray()) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "events must be an array", "events");
        }
        if (events.isEmpty()) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "events must not be empty", "events");
        }
        if (events.size() > MAX_BATCH) {
            throw new HeraldException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "at most " + MAX_BATCH + " events per request, got " + events.size(), "events");
        }
        List<NewEvent> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            try {
                out.add(parseOne(events.get(i)));
            } catch (HeraldException e) {
                throw e.under("events[" + i + "]");
            }
        }
        return out;
    }

    public NewEvent parseOne(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "an event must be a JSON object");
        }
        ObjectNode o = (ObjectNode) node;
        String type = requiredString(o, "type");
        if (!EventTypes.isValid(type)) {
            throw new HeraldException(ErrorCode.INVALID_EVENT,
                    "type must match ^[a-z][a-z0-9_.-]{0,63}$, got \"" + abbreviate(type) + "\"", "type");
        }
        if (EventTypes.SYSTEM_STATUS.equals(type)) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "system_status is reserved for Herald itself", "type");
        }
        String id = optionalString(o, "id", MAX_ID_LENGTH);
        if (id == null) {
            id = "evt_" + Ulid.next();
        } else if (id.isBlank() || id.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "id must be non-empty printable text without spaces", "id");
        }
        String user = optionalString(o, "user", MAX_NAME_LENGTH);
        if (user != null && user.isEmpty()) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "user must not be empty (omit it to broadcast)", "user");
        }
        String resourceType = optionalString(o, "resource_type", MAX_NAME_LENGTH);
        String resourceId = optionalString(o, "resource_id", MAX_NAME_LENGTH);
        Instant timestamp = parseTimestamp(optionalString(o, "timestamp", 64));
        JsonNode data = o.get("data");
        if (data == null || data.isNull()) {
            data = Json.MAPPER.createObjectNode();
        }
        if (!data.isObject()) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "data must be a JSON object", "data");
        }
        String dataJson = Json.writeTree(data);
        byte[] utf8 = dataJson.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int bytes = utf8.length;
        if (bytes > maxEventBytes) {
            throw new HeraldException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "data is " + bytes + " bytes serialized, the limit is " + maxEventBytes, "data");
        }
        try {
            checkNumbersAreSafe(utf8);
        } catch (HeraldException e) {
            throw e.under("data");
        }
        return new NewEvent(id, type, user, resourceType, resourceId, timestamp, dataJson);
    }

    /** Numbers JavaScript cannot hold exactly would be changed by every JS receiver: refuse them. */
    private static void checkNumbersAreSafe(byte[] json) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    String text = p.getText();
                    BigInteger v = p.getBigIntegerValue();
                    if (v.abs().compareTo(MAX_SAFE) > 0) {
                        throw unsafe(p, text + " is beyond ±2^53-1; send it as a string");
                    }
                    if (v.signum() == 0 && text.startsWith("-")) {
                        throw unsafe(p, "-0 cannot be represented in JSON by JavaScript");
                    }
                } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    double d = p.getDoubleValue();
                    if (Double.isInfinite(d)) {
                        throw unsafe(p, p.getText() + " overflows a double");
                    }
                    if (d == 0 && p.getText().startsWith("-")) {
                        throw unsafe(p, "-0 cannot be represented in JSON by JavaScript");
                    }
                }
            }
        } catch (IOException e) {
            throw new HeraldException(ErrorCode.INVALID_JSON, "not valid JSON");
        }
    }

    private static HeraldException unsafe(JsonParser p, String detail) {
        return new HeraldException(ErrorCode.UNSAFE_NUMBER, detail, fieldPath(p.getParsingContext()));
    }

    /** {@code /events/3/data/n} as {@code events[3].data.n}; a lone event's data as {@code data.n}. */
    private static String fieldPath(com.fasterxml.jackson.core.JsonStreamContext ctx) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (var c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            parts.addFirst(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        StringBuilder sb = new StringBuilder();
        parts.forEach(sb::append);
        String path = sb.toString();
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static Instant parseTimestamp(String text) {
        if (text == null) {
            return Timestamps.now();
        }
        try {
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw new HeraldException(ErrorCode.INVALID_EVENT,
                    "timestamp must be RFC 3339 (e.g. 2026-04-07T14:31:00.000Z)", "timestamp");
        }
    }

    private static String requiredString(ObjectNode o, String field) {
        String v = optionalString(o, field, MAX_NAME_LENGTH);
        if (v == null) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, field + " is required", field);
        }
        return v;
    }

    private static String optionalString(ObjectNode o, String field, int maxLength) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, field + " must be a string", field);
        }
        String s = v.textValue();
        if (s.length() > maxLength) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, field + " is longer than " + maxLength + " characters", field);
        }
        return s;
    }

    private static String abbreviate(String s) {
        return s.length() > 70 ? s.substring(0, 70) + "…" : s;
    }

    /** Fields Herald reads from a published event; others are ignored. */
    public static Set<String> knownFields() {
        return KNOWN_FIELDS;
    }
}
