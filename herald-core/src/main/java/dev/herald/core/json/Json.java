package dev.herald.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;

/** The shared Jackson mapper and small helpers around it. Thread-safe. */
public final class Json {
    /** Exact numbers (BigDecimal) so nothing published is rounded on its way through Herald. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // 45000.0 stays 45000.0, not 4.5E+4
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            // ...and is not normalised to 45000 either: subscribers get the number as published
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxNumberLength(1000)
                .maxStringLength(16 * 1024 * 1024)
                .build());
    }

    /** Beyond this many decimals a fraction is written with an exponent, so no number outgrows the read limit. */
    private static final int MAX_PLAIN_SCALE = 100;

    private Json() {
    }

    /** Parses text; null when it is not valid JSON (empty or blank text included: it holds no value). */
    public static JsonNode parseOrNull(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            // Jackson reads "" as a MissingNode, which no caller can write back (found by JsCanonicalJsonFuzzTest).
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a parsed tree back with each decimal as its literal was written: a fraction plainly ({@code 45000.0}
     * stays {@code 45000.0}), an exponent as an exponent. Written plainly, {@code 1e21} would become a 22-digit
     * integer (which Herald refuses as beyond 2^53) and {@code 1e10000} a 10,001-digit one (which Jackson refuses
     * to write at all).
     */
    public static String writeTree(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonGeneratorDelegate(MAPPER.getFactory().createGenerator(out), false) {
            @Override
            public void writeNumber(BigDecimal v) throws IOException {
                writeDecimal(delegate, v);
            }
        }) {
            MAPPER.writeTree(g, node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** A decimal as {@link #writeTree} writes it: plainly up to 100 decimals, otherwise with an exponent. */
    public static void writeDecimal(JsonGenerator g, BigDecimal v) throws IOException {
        g.writeNumber(v.scale() >= 0 && v.scale() <= MAX_PLAIN_SCALE ? v.toPlainString() : v.toString());
    }

    /** A JSON string literal, quotes included. */
    public static String quote(String s) {
        return appendQuoted(new StringBuilder(s.length() + 2), s).toString();
    }

    /**
     * Appends {@code s} as a JSON string literal, quotes included. Text of printable ASCII without {@code "} or
     * {@code \} (event types, ids, names: nearly all) is appended as it is, without the encoder (issue #15: quoting
     * was an eighth of the store writer's samples in {@code bench/run.sh publish}).
     */
    public static StringBuilder appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        if (isPlain(s)) {
            sb.append(s);
        } else {
            JsonStringEncoder.getInstance().quoteAsString(s, sb);
        }
        return sb.append('"');
    }

    private static boolean isPlain(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
