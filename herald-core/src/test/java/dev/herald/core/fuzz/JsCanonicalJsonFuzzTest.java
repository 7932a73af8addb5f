package dev.herald.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.json.Json;
import dev.herald.core.webhook.JsCanonicalJson;
import dev.herald.core.webhook.JsNumbers;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The writer whose output every webhook signature covers. For any JSON it must be total (only
 * {@code IllegalArgumentException} for non-JSON), a fixed point (canonical text canonicalizes to itself, which is
 * what {@code JSON.stringify(JSON.parse(body)) === body} needs), valid JSON, and bounded in size; every double must
 * print in JavaScript's form and read back to itself. Corpus: {@code JsCanonicalJsonFuzzTestInputs/}.
 */
class JsCanonicalJsonFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void canonicalTextIsValidBoundedJsonAndAFixedPoint(byte[] bytes) {
        String json = new String(bytes, StandardCharsets.UTF_8);
        JsonNode parsed = Json.parseOrNull(json);
        if (parsed == null) {
            assertThatThrownBy(() -> JsCanonicalJson.canonicalize(json)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        String canonical = JsCanonicalJson.canonicalize(json);
        assertThat(Json.parseOrNull(canonical)).as("canonical form of %s", json).isNotNull();
        assertThat(JsCanonicalJson.canonicalize(canonical)).isEqualTo(canonical);
        // The largest growth: an exponent written out (1e20 -> 21 digits) or an escape (6 characters).
        assertThat(canonical.length()).isLessThanOrEqualTo(8 * json.length() + 16);
    }

    @FuzzTest(maxDuration = "5s")
    void everyDoublePrintsAsJavaScriptDoesAndReadsBackToItself(FuzzedDataProvider in) {
        double d = in.consumeRegularDouble();
        String js = JsNumbers.toJsString(d);
        assertThat(js).matches("-?(0|[1-9]\\d*)(\\.\\d+)?(e[+-]\\d+)?").hasSizeLessThanOrEqualTo(25);
        assertThat(Double.parseDouble(js)).isEqualTo(d == 0 ? 0.0 : d);
        assertThat(JsNumbers.toJsString(new BigDecimal(js))).isEqualTo(js);
        assertThat(JsNumbers.nearestDouble(new BigDecimal(Double.toString(d)))).isEqualTo(d);
    }
}
