package dev.herald.core.logs;

import com.fasterxml.jackson.databind.JsonNode;

/** Converts pull-request numbers written as numbers or numeric strings; anything else is no number. */
final class PrNumbers {
    private PrNumbers() {
    }

    /** The int written in {@code s} (an optional sign and digits), or null when it is not one. */
    static Integer parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 11) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean sign = i == 0 && (c == '-' || c == '+') && s.length() > 1;
            if (!sign && (c < '0' || c > '9')) {
                return null;
            }
        }
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The int in a JSON value: an integral number, or a string of one (surrounding blanks allowed). */
    static Integer of(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return parse(v.textValue().strip());
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToInt() ? v.intValue() : null;
        }
        if (v.isNumber()) {
            try {
                return v.decimalValue().stripTrailingZeros().intValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }
}
