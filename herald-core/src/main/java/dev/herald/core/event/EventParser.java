package dev.herald.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.id.Ulid;
import dev.herald.core.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    /** 2^53-1: the largest integer JavaScript holds exactly. */
    static final long MAX_SAFE_INTEGER = 9007199254740991L;
    private static final int MAX_ID_LENGTH = 128;
    private static final int MAX_NAME_LENGTH = 256;

    private final int maxEventBytes;

    public EventParser(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Parses a raw request body in one pass (see {@link PublishBodyReader}). Errors come in a fixed order: invalid
     * JSON, then the body's shape, then each event's fields in order (its data's numbers last), then any other
     * number JavaScript would change (such as the sign of {@code -0}), checked on the raw text.
     */
    public List<NewEvent> parseBody(byte[] raw) {
        PublishBodyReader.Body body;
        try {
            body = PublishBodyReader.read(raw, MAX_BATCH);
        } catch (HeraldException e) {
            throw e; // an empty body
        } catch (IOException | RuntimeException e) {
            throw invalidJson(e);
        }
        if (body.structural() != null) {
            throw body.structural();
        }
        List<NewEvent> events;
        if (body.lone() != null) {
            events = List.of(validateWithData(body.lone()));
        } else if (body.batchSize() == 0) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "events must not be empty", "events");
        } else if (body.batchSize() > MAX_BATCH) {
            throw new HeraldException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "at most " + MAX_BATCH + " events per request, got " + body.batchSize(), "events");
        } else {
            events = new ArrayList<>(body.batchSize());
            for (int i = 0; i < body.batch().size(); i++) {
                RawEvent element = body.batch().get(i);
                try {
                    events.add(validate(element));
                } catch (HeraldException e) {
                    throw e.under("events[" + i + "]");
                }
                throwUnsafeData(element);
            }
        }
        if (body.unsafeNumber() != null) {
            throw body.unsafeNumber();
        }
        return events;
    }

    /** One event given as a tree (the embedded API's and tests' form): the same checks as one event of a body. */
    public NewEvent parseOne(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "an event must be a JSON object");
        }
        RawEvent raw;
        try {
            raw = PublishBodyReader.readOne(Json.write(node).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw invalidJson(e);
        }
        return validateWithData(raw);
    }

    private NewEvent validateWithData(RawEvent raw) {
        NewEvent e = validate(raw);
        throwUnsafeData(raw);
        return e;
    }

    /** After the event's own fields: an unsafe number in its data, already named by its path in the body. */
    private static void throwUnsafeData(RawEvent raw) {
        if (raw.unsafeNumberInData != null) {
            throw raw.unsafeNumberInData;
        }
    }

    private static HeraldException invalidJson(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : null;
        if (m != null && m.startsWith("Duplicate field")) { // Jackson: Duplicate field 'x'
            return new HeraldException(ErrorCode.INVALID_JSON, "request body is not valid JSON: a key appears twice in one"
                    + " object (" + m.substring("Duplicate field ".length()) + ")");
        }
        return new HeraldException(ErrorCode.INVALID_JSON, "request body is not valid JSON");
    }

    private NewEvent validate(RawEvent o) {
        if (!o.isObject) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "an event must be a JSON object");
        }
        String type = requiredString(o.type, "type");
        if (!EventTypes.isValid(type)) {
            throw new HeraldException(ErrorCode.INVALID_EVENT,
                    "type must match ^[a-z][a-z0-9_.-]{0,63}$, got \"" + abbreviate(type) + "\"", "type");
        }
        if (EventTypes.SYSTEM_STATUS.equals(type)) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "system_status is reserved for Herald itself", "type");
        }
        String id = optionalString(o.id, "id", MAX_ID_LENGTH);
        if (id == null) {
            id = "evt_" + Ulid.next();
        } else if (id.isBlank() || !printableWithoutSpaces(id)) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "id must be non-empty printable text without spaces", "id");
        }
        String user = optionalString(o.user, "user", MAX_NAME_LENGTH);
        if (user != null && user.isEmpty()) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "user must not be empty (omit it to broadcast)", "user");
        }
        String resourceType = optionalString(o.resourceType, "resource_type", MAX_NAME_LENGTH);
        String resourceId = optionalString(o.resourceId, "resource_id", MAX_NAME_LENGTH);
        Instant timestamp = parseTimestamp(optionalString(o.timestamp, "timestamp", 64));
        if (o.dataNotAnObject) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, "data must be a JSON object", "data");
        }
        String dataJson = o.data == null ? "{}" : o.data;
        int bytes = utf8Length(dataJson);
        if (bytes > maxEventBytes) {
            throw new HeraldException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "data is " + bytes + " bytes serialized, the limit is " + maxEventBytes, "data");
        }
        return new NewEvent(id, type, user, resourceType, resourceId, timestamp, dataJson);
    }

    /** UTF-8 length without encoding (a lone surrogate counts as the one byte '?' it is encoded as). */
    private static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // 4 bytes for the pair
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    bytes += 2;
                }
            }
        }
        return bytes;
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

    private static String requiredString(Object value, String field) {
        String v = optionalString(value, field, MAX_NAME_LENGTH);
        if (v == null) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, field + " is required", field);
        }
        return v;
    }

    private static String optionalString(Object value, String field, int maxLength) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, field + " must be a string", field);
        }
        if (s.length() > maxLength) {
            throw new HeraldException(ErrorCode.INVALID_EVENT, field + " is longer than " + maxLength + " characters", field);
        }
        return s;
    }

    private static boolean printableWithoutSpaces(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() > 70 ? s.substring(0, 70) + "…" : s;
    }

    /** Fields Herald reads from a published event; others are ignored. */
    public static Set<String> knownFields() {
        return KNOWN_FIELDS;
    }
}
