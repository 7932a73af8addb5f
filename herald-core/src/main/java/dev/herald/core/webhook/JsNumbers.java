package dev.herald.core.webhook;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as JavaScript holds and prints them: a JSON number becomes the IEEE 754 double nearest to it
 * (ties to even, as {@code JSON.parse} does), and that double is printed by ECMAScript's
 * {@code Number::toString} with the shortest digits that read back to the same double (closest to it when
 * several are that short; the even one on a tie).
 *
 * <p>Both directions are computed with exact {@link BigDecimal} arithmetic against the double's rounding
 * interval rather than trusted to {@link Double#toString}, which on JDK 17 sometimes prints more digits than
 * needed (JDK-4511638). Thread-safe; no state.
 */
public final class JsNumbers {
    private static final BigDecimal HALF = new BigDecimal("0.5");
    /** Any decimal of at most 15 significant digits survives a trip through a normal double (DBL_DIG). */
    private static final int EXACT_DIGITS = 15;
    private static final BigDecimal OVERFLOW =
            new BigDecimal(Double.MAX_VALUE).add(new BigDecimal(Math.ulp(Double.MAX_VALUE)).multiply(HALF));

    private JsNumbers() {
    }

    /** What {@code String(x)} gives in JavaScript: {@code 45000}, {@code 1e+21}, {@code 1e-7}, {@code NaN}. */
    public static String toJsString(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "Infinity" : "-Infinity";
        }
        if (x == 0) {
            return "0"; // -0 prints as 0 too
        }
        BigDecimal digits = shortest(Math.abs(x));
        return layout(x < 0, digits.unscaledValue().toString(), digits.precision() - digits.scale());
    }

    /**
     * What {@code String(Number(text))} gives for the JSON number {@code value}. Values of up to 15 significant
     * digits in the normal range print their own digits without a double ever being built; others go through
     * {@link #nearestDouble}.
     */
    public static String toJsString(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.signum() == 0) {
            return "0";
        }
        int n = v.precision() - v.scale(); // value is in [10^(n-1), 10^n)
        if (v.precision() <= EXACT_DIGITS && n >= -306 && n <= 308) {
            return layout(v.signum() < 0, v.unscaledValue().abs().toString(), n);
        }
        return toJsString(nearestDouble(value));
    }

    /** {@code Number(text)} for a JSON number: the nearest double, ties to even; ±Infinity past the range. */
    public static double nearestDouble(BigDecimal value) {
        BigDecimal v = value.abs();
        double d;
        if (v.compareTo(OVERFLOW) >= 0) {
            d = Double.POSITIVE_INFINITY;
        } else {
            d = Math.min(v.doubleValue(), Double.MAX_VALUE);
            // doubleValue() is correctly rounded on current JDKs; this walk makes that a checked fact.
            while (d < Double.MAX_VALUE && beyondHigh(v, d)) {
                d = Math.nextUp(d);
            }
            while (d > 0 && beyondLow(v, d)) {
                d = Math.nextDown(d);
            }
        }
        return value.signum() < 0 ? -d : d;
    }

    /** The shortest decimal that reads back to {@code x} (positive, finite), closest to x among equals. */
    private static BigDecimal shortest(double x) {
        BigDecimal exact = new BigDecimal(x);
        BigDecimal low = low(x);
        BigDecimal high = high(x);
        boolean inclusive = isEven(x);
        for (int p = 1; p <= 17; p++) {
            BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (within(nearest, low, high, inclusive)) {
                return nearest.stripTrailingZeros();
            }
            // The interval is lopsided at powers of two, so the p-digit neighbour on the other side may fit.
            RoundingMode otherWay = nearest.compareTo(exact) > 0 ? RoundingMode.FLOOR : RoundingMode.CEILING;
            BigDecimal other = exact.round(new MathContext(p, otherWay));
            if (within(other, low, high, inclusive)) {
                return other.stripTrailingZeros();
            }
        }
        throw new AssertionError("17 significant digits always identify a double: " + x);
    }

    /** ECMAScript Number::toString step 6 onward: k digits, decimal exponent n (value = 0.digits × 10^n). */
    private static String layout(boolean negative, String digits, int n) {
        int k = digits.length();
        StringBuilder sb = new StringBuilder(k + 8);
        if (negative) {
            sb.append('-');
        }
        if (k <= n && n <= 21) {
            sb.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            sb.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            sb.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            sb.append(digits.charAt(0));
            if (k > 1) {
                sb.append('.').append(digits, 1, k);
            }
            sb.append('e').append(n - 1 >= 0 ? '+' : '-').append(Math.abs(n - 1));
        }
        return sb.toString();
    }

    private static boolean within(BigDecimal c, BigDecimal low, BigDecimal high, boolean inclusive) {
        int lo = c.compareTo(low);
        int hi = c.compareTo(high);
        return inclusive ? lo >= 0 && hi <= 0 : lo > 0 && hi < 0;
    }

    /** Above this, a decimal rounds to a larger double than {@code d} (positive, finite). */
    private static BigDecimal high(double d) {
        BigDecimal exact = new BigDecimal(d);
        if (d == Double.MAX_VALUE) {
            return OVERFLOW;
        }
        return exact.add(new BigDecimal(Math.nextUp(d))).multiply(HALF);
    }

    /** Below this, a decimal rounds to a smaller double than {@code d} (positive, finite). */
    private static BigDecimal low(double d) {
        return new BigDecimal(Math.nextDown(d)).add(new BigDecimal(d)).multiply(HALF);
    }

    private static boolean beyondHigh(BigDecimal v, double d) {
        int c = v.compareTo(high(d));
        return c > 0 || (c == 0 && !isEven(d));
    }

    private static boolean beyondLow(BigDecimal v, double d) {
        int c = v.compareTo(low(d));
        return c < 0 || (c == 0 && !isEven(d));
    }

    private static boolean isEven(double d) {
        return (Double.doubleToRawLongBits(d) & 1) == 0;
    }
}
