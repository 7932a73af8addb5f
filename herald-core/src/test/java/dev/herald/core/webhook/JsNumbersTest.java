package dev.herald.core.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class JsNumbersTest {

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({
            "45000.0, 45000",
            "135000.0, 135000",
            "3.0, 3",
            "0.87, 0.87",
            "48.2, 48.2",
            "0.1, 0.1",
            "1e21, 1e+21",
            "1e20, 100000000000000000000",
            "1.2345678901234568e20, 123456789012345680000",
            "1.5e21, 1.5e+21",
            "1e-6, 0.000001",
            "1e-7, 1e-7",
            "1.5e-7, 1.5e-7",
            "123e-20, 1.23e-18",
            "-2.5, -2.5",
            "-0.0, 0",
            "0.30000000000000004, 0.30000000000000004",
            "1.7976931348623157e308, 1.7976931348623157e+308",
            "4.9e-324, 5e-324",
            "2.2250738585072014e-308, 2.2250738585072014e-308",
            "9007199254740993, 9007199254740992",
    })
    void doublesPrintAsJavaScriptPrintsThem(double value, String expected) {
        assertThat(JsNumbers.toJsString(value)).isEqualTo(expected);
    }

    @Test
    void shortestDigitsAreUsedWhereJdk17DoubleToStringPrintsMore() {
        // JDK 17 prints 5.7223519193314771E17 here (JDK-4511638); JavaScript needs only 16 digits.
        assertThat(JsNumbers.toJsString(5.7223519193314771E17)).isEqualTo("572235191933147700");
        assertThat(JsNumbers.toJsString(1.80544536094166733E18)).isEqualTo("1805445360941667300");
    }

    @Test
    void nonFiniteValuesPrintAsJavaScriptNames() {
        assertThat(JsNumbers.toJsString(Double.NaN)).isEqualTo("NaN");
        assertThat(JsNumbers.toJsString(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @ParameterizedTest(name = "JSON number {0} prints as {1}")
    @CsvSource({
            "45000.0, 45000",
            "45000.000, 45000",
            "0.1000000000000000055511151231257827, 0.1",
            "12345678901234567890, 12345678901234567000",
            "1E+2, 100",
            "1E400, Infinity",
            "-1E400, -Infinity",
            "1E-400, 0",
            "2.4703282292062327E-324, 0",
            "2.4703282292062328E-324, 5e-324",
            "1.00000000000000011102230246251565404236316680908203125, 1",
            "1.00000000000000011102230246251565404236316680908203126, 1.0000000000000002",
            "123456789012345, 123456789012345",
            "0.000000123, 1.23e-7",
    })
    void jsonNumbersBecomeTheNearestDoubleFirst(String json, String expected) {
        assertThat(JsNumbers.toJsString(new BigDecimal(json))).isEqualTo(expected);
    }

    @Test
    void nearestDoubleBreaksTiesToEven() {
        // Halfway between 1 and the next double: the even significand (1) wins.
        assertThat(JsNumbers.nearestDouble(new BigDecimal("1.00000000000000011102230246251565404236316680908203125")))
                .isEqualTo(1.0);
        assertThat(JsNumbers.nearestDouble(new BigDecimal("-3.5"))).isEqualTo(-3.5);
    }
}
