package dev.herald.core.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.json.Json;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads a publish body in one pass over its tokens (issue #15: parsing it into a tree, writing each event's data
 * back and scanning the body twice more for unsafe numbers was 60 % of the event loop's time in
 * {@code bench/run.sh publish}). Each event's {@code data} is copied straight to its compact text as it is read,
 * decimals written as {@link Json#writeTree} writes them, so the text is the same as the tree's; every number in
 * the body is checked on its literal, where JavaScript's view of it ({@code -0}, beyond 2^53) is still visible.
 * A key given twice in one object makes the body invalid JSON (which value would a receiver take?).
 * Structural problems are recorded, not thrown, so that {@link EventParser} can report them in its fixed order.
 */
final class PublishBodyReader {
    private final JsonParser p;
    /** Writes each event's data into {@link #dataText}; made on the first data object of the body. */
    private JsonGenerator dataOut;
    private StringBuilder dataText;
    /** The first unsafe number outside every event's data: reported after everything else, as a last check. */
    private HeraldException unsafeNumber;
    private long unsafeNumberOffset = Long.MAX_VALUE;

    /** What was read: a lone event, or a batch (a structural error replaces either). */
    record Body(RawEvent lone, List<RawEvent> batch, int batchSize, HeraldException structural,
                HeraldException unsafeNumber) {
    }

    private PublishBodyReader(JsonParser p) {
        this.p = p;
    }

    /**
     * @param maxBatch elements past this are counted but not read into events
     * @throws IOException the body is not valid JSON (trailing content included)
     */
    static Body read(byte[] raw, int maxBatch) throws IOException {
        return reading(raw, r -> r.body(maxBatch));
    }

    /** Reads a lone event object (a test's or the embedded API's already-parsed event, written out). */
    static RawEvent readOne(byte[] raw) throws IOException {
        return reading(raw, r -> {
            r.p.nextToken();
            RawEvent e = r.element();
            r.requireEnd();
            return e;
        });
    }

    private interface Read<T> {
        T from(PublishBodyReader r) throws IOException;
    }

    private static <T> T reading(byte[] raw, Read<T> read) throws IOException {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(raw)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            PublishBodyReader r = new PublishBodyReader(p);
            try {
                return read.from(r);
            } finally {
                r.close();
            }
        }
    }

    private void close() throws IOException {
        if (dataOut != null) {
            dataOut.close();
        }
    }

    private Body body(int maxBatch) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new HeraldException(ErrorCode.INVALID_JSON, "request body is empty");
        }
        HeraldException structural = null;
        RawEvent lone = null;
        List<RawEvent> batch = null;
        int batchSize = 0;
        boolean isBatch = false;
        if (t != JsonToken.START_OBJECT) {
            structural = new HeraldException(ErrorCode.INVALID_EVENT, "body must be an event object or {\"events\": [...]}");
            skipValue();
        } else {
            lone = new RawEvent();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!name.equals("events")) {
                    field(lone, name);
                    continue;
                }
                isBatch = true;
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    structural = new HeraldException(ErrorCode.INVALID_EVENT, "events must be an array", "events");
                    skipValue();
                    continue;
                }
                batch = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (batchSize++ < maxBatch) {
                        batch.add(element());
                    } else {
                        skipValue();
                    }
                }
            }
        }
        requireEnd();
        if (isBatch && lone.unsafeNumberInData != null) {
            unsafe(lone.unsafeNumberInData, lone.unsafeNumberOffset); // a batch's own data is only another field
        }
        return new Body(isBatch ? null : lone, batch, batchSize, structural, unsafeNumber);
    }

    /** As the tree parser did (trailing tokens fail the read): nothing but whitespace after the value. */
    private void requireEnd() throws IOException {
        if (p.nextToken() != null) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "trailing content after the body");
        }
    }

    private RawEvent element() throws IOException {
        RawEvent e = new RawEvent();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            e.isObject = false;
            skipValue();
            return e;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            field(e, name);
        }
        return e;
    }

    private void field(RawEvent e, String name) throws IOException {
        switch (name) {
            case "type" -> e.type = string();
            case "id" -> e.id = string();
            case "user" -> e.user = string();
            case "resource_type" -> e.resourceType = string();
            case "resource_id" -> e.resourceId = string();
            case "timestamp" -> e.timestamp = string();
            case "data" -> data(e);
            default -> skipValue();
        }
    }

    private Object string() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        skipValue();
        return RawEvent.NOT_A_STRING;
    }

    /** Called once per event at most: a second {@code data} key fails the read as a duplicate. */
    private void data(RawEvent e) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            e.dataNotAnObject = true;
            skipValue();
            return;
        }
        if (dataOut == null) { // one generator for every event's data in this body: creating one was 6 % of the loop
            dataText = new StringBuilder(256);
            dataOut = Json.MAPPER.getFactory().createGenerator(new Writer() {
                @Override
                public void write(char[] buf, int off, int len) {
                    dataText.append(buf, off, len);
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
            dataOut.setRootValueSeparator(null);
        }
        JsonGenerator g = dataOut;
        int depth = 0;
        do {
            switch (t) {
                case START_OBJECT -> {
                    g.writeStartObject();
                    depth++;
                }
                case END_OBJECT -> {
                    g.writeEndObject();
                    depth--;
                }
                case START_ARRAY -> {
                    g.writeStartArray();
                    depth++;
                }
                case END_ARRAY -> {
                    g.writeEndArray();
                    depth--;
                }
                case FIELD_NAME -> g.writeFieldName(p.currentName());
                case VALUE_STRING -> g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                case VALUE_NUMBER_INT -> {
                    inData(e, checkNumber());
                    g.writeNumber(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                }
                case VALUE_NUMBER_FLOAT -> {
                    inData(e, checkNumber());
                    Json.writeDecimal(g, p.getDecimalValue());
                }
                case VALUE_TRUE -> g.writeBoolean(true);
                case VALUE_FALSE -> g.writeBoolean(false);
                case VALUE_NULL -> g.writeNull();
                default -> throw new IllegalStateException("unexpected token " + t);
            }
        } while (depth > 0 && (t = p.nextToken()) != null);
        g.flush();
        e.data = dataText.toString();
        dataText.setLength(0);
    }

    private void inData(RawEvent e, HeraldException unsafe) {
        if (unsafe != null && e.unsafeNumberInData == null) {
            e.unsafeNumberInData = unsafe;
            e.unsafeNumberOffset = p.currentTokenLocation().getByteOffset();
        }
    }

    /** Skips the current value (an object or array with all it holds), checking its numbers on the way. */
    private void skipValue() throws IOException {
        int depth = 0;
        JsonToken t = p.currentToken();
        do {
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            } else if (t.isNumeric()) {
                HeraldException u = checkNumber();
                if (u != null) {
                    unsafe(u, p.currentTokenLocation().getByteOffset());
                }
            }
        } while (depth > 0 && (t = p.nextToken()) != null);
    }

    private void unsafe(HeraldException e, long offset) {
        if (offset < unsafeNumberOffset) {
            unsafeNumber = e;
            unsafeNumberOffset = offset;
        }
    }

    /** Null when JavaScript reads the current number as written; otherwise the error naming it. */
    private HeraldException checkNumber() throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            switch (p.getNumberType()) {
                case INT:
                    return p.getIntValue() == 0 && negative() ? unsafe("-0 cannot be represented in JSON by JavaScript") : null;
                case LONG:
                    long v = p.getLongValue();
                    return v > EventParser.MAX_SAFE_INTEGER || v < -EventParser.MAX_SAFE_INTEGER
                            ? unsafe(p.getText() + " is beyond ±2^53-1; send it as a string") : null;
                default:
                    return unsafe(p.getText() + " is beyond ±2^53-1; send it as a string");
            }
        }
        double d = p.getDoubleValue();
        if (Double.isInfinite(d)) {
            return unsafe(p.getText() + " overflows a double");
        }
        return d == 0 && negative() ? unsafe("-0 cannot be represented in JSON by JavaScript") : null;
    }

    private boolean negative() throws IOException {
        return p.getTextLength() > 0 && p.getTextCharacters()[p.getTextOffset()] == '-';
    }

    private HeraldException unsafe(String detail) {
        return new HeraldException(ErrorCode.UNSAFE_NUMBER, detail, fieldPath(p.getParsingContext()));
    }

    /** {@code /events/3/data/n} as {@code events[3].data.n}; a lone event's data as {@code data.n}. */
    private static String fieldPath(JsonStreamContext ctx) {
        Deque<String> parts = new ArrayDeque<>();
        for (var c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            parts.addFirst(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        StringBuilder sb = new StringBuilder();
        parts.forEach(sb::append);
        String path = sb.toString();
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
