package dev.herald.core.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON exactly as JavaScript's {@code JSON.stringify} writes the value {@code JSON.parse} makes of it,
 * so that for every body Herald sends {@code JSON.stringify(JSON.parse(body)) === body}. Receivers that
 * re-serialize the parsed body before checking its HMAC (the seed's Node verifier does) then hash the very
 * bytes Herald signed.
 *
 * <p>That means: no whitespace; object keys in JavaScript's own-property order (array-index keys
 * {@code "0"}..{@code "4294967294"} first in ascending numeric order, then the rest in insertion order, a
 * repeated key keeping its first position and its last value); numbers as {@link JsNumbers} prints the
 * nearest double ({@code 45000.0} → {@code 45000}, {@code 1e21} → {@code 1e+21}, non-finite → {@code null});
 * strings with only {@code "}, {@code \}, control characters and lone surrogates escaped, everything else
 * left as is (including non-ASCII, U+2028 and U+2029). Thread-safe; no state.
 */
public final class JsCanonicalJson {
    private static final long MAX_ARRAY_INDEX = 4_294_967_294L;
    private static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsCanonicalJson() {
    }

    /** The canonical text of a tree parsed by {@link Json#MAPPER} (floats as BigDecimal, so nothing is rounded twice). */
    public static String write(JsonNode node) {
        StringBuilder sb = new StringBuilder(256);
        writeValue(node, sb);
        return sb.toString();
    }

    /**
     * The canonical text of raw JSON.
     *
     * @throws IllegalArgumentException when {@code json} is not valid JSON
     */
    public static String canonicalize(String json) {
        JsonNode node = Json.parseOrNull(json);
        if (node == null) {
            throw new IllegalArgumentException("not valid JSON");
        }
        return write(node);
    }

    /** A JSON string literal, quotes included, escaped as {@code JSON.stringify} escapes it. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        writeString(s, sb);
        return sb.toString();
    }

    private static void writeValue(JsonNode node, StringBuilder sb) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, sb);
            case ARRAY -> writeArray(node, sb);
            case STRING, BINARY -> writeString(node.asText(), sb);
            case NUMBER -> sb.append(number(node));
            case BOOLEAN -> sb.append(node.booleanValue());
            case NULL -> sb.append("null");
            default -> throw new IllegalArgumentException("cannot write a " + node.getNodeType() + " node as JSON");
        }
    }

    private static void writeObject(JsonNode node, StringBuilder sb) {
        List<Map.Entry<String, JsonNode>> indexKeys = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> otherKeys = new ArrayList<>(node.size());
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            (isArrayIndex(e.getKey()) ? indexKeys : otherKeys).add(e);
        }
        indexKeys.sort((a, b) -> Long.compare(Long.parseLong(a.getKey()), Long.parseLong(b.getKey())));
        sb.append('{');
        boolean first = true;
        for (List<Map.Entry<String, JsonNode>> group : List.of(indexKeys, otherKeys)) {
            for (Map.Entry<String, JsonNode> e : group) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                writeString(e.getKey(), sb);
                sb.append(':');
                writeValue(e.getValue(), sb);
            }
        }
        sb.append('}');
    }

    private static void writeArray(JsonNode node, StringBuilder sb) {
        sb.append('[');
        for (int i = 0; i < node.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            writeValue(node.get(i), sb);
        }
        sb.append(']');
    }

    private static String number(JsonNode node) {
        String js;
        if (node.isIntegralNumber() && node.canConvertToLong() && Math.abs(node.longValue()) <= MAX_SAFE_INTEGER) {
            return Long.toString(node.longValue()); // exact in a double and below 1e21: JavaScript prints the digits
        } else if (node.isIntegralNumber() || node.isBigDecimal()) {
            js = JsNumbers.toJsString(node.decimalValue());
        } else {
            js = JsNumbers.toJsString(node.doubleValue());
        }
        // JSON.stringify writes NaN and ±Infinity as null.
        return js.endsWith("Infinity") || js.equals("NaN") ? "null" : js;
    }

    /** ECMAScript's array index: the canonical decimal form of an integer in [0, 2^32 − 2]. */
    static boolean isArrayIndex(String key) {
        int n = key.length();
        if (n == 0 || n > 10 || (n > 1 && key.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Long.parseLong(key) <= MAX_ARRAY_INDEX;
    }

    /** ECMAScript QuoteJSONString (ES2019 well-formed JSON.stringify). */
    private static void writeString(String s, StringBuilder sb) {
        sb.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(c, sb);
                    } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(c, sb); // a lone surrogate has no UTF-8 form
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void unicodeEscape(char c, StringBuilder sb) {
        sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }
}
