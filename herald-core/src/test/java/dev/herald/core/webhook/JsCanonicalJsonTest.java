package dev.herald.core.webhook;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsCanonicalJsonTest {

    @Test
    void arrayIndexKeysComeFirstInNumericOrderThenTheRestInInsertionOrder() {
        String in = "{\"b\":1,\"10\":2,\"a\":3,\"2\":4,\"01\":5,\"4294967295\":6,\"4294967294\":7,\"-1\":8,\"0\":9,\"1.5\":10}";
        assertThat(JsCanonicalJson.canonicalize(in)).isEqualTo(
                "{\"0\":9,\"2\":4,\"10\":2,\"4294967294\":7,\"b\":1,\"a\":3,\"01\":5,\"4294967295\":6,\"-1\":8,\"1.5\":10}");
    }

    @Test
    void aRepeatedKeyKeepsItsFirstPositionAndItsLastValue() {
        assertThat(JsCanonicalJson.canonicalize("{\"a\":1,\"b\":2,\"a\":3}")).isEqualTo("{\"a\":3,\"b\":2}");
    }

    @Test
    void whitespaceIsDroppedAndNestedValuesKeepTheirShape() {
        assertThat(JsCanonicalJson.canonicalize(" { \"x\" : [ 1 , 2.50 , true , false , null , { } , [ ] ] } "))
                .isEqualTo("{\"x\":[1,2.5,true,false,null,{},[]]}");
    }

    @Test
    void numbersArePrintedAsJavaScriptPrintsThem() {
        assertThat(JsCanonicalJson.canonicalize("[45000.0,1e21,1E-7,0.1,-0,-0.0,1e400,12345678901234567890,1.0e2]"))
                .isEqualTo("[45000,1e+21,1e-7,0.1,0,0,null,12345678901234567000,100]");
    }

    @Test
    void stringsEscapeOnlyWhatJsonStringifyEscapes() {
        String in = "\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0001\\u001f \\u007f é 日本 😀 \\u2028\\u2029 \\ud800 \\udfff x\"";
        assertThat(JsCanonicalJson.canonicalize(in)).isEqualTo(
                "\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0001\\u001f \u007f é 日本 😀 \u2028\u2029 \\ud800 \\udfff x\"");
    }

    @Test
    void quoteEscapesKeysAndValuesTheSameWay() {
        assertThat(JsCanonicalJson.quote("a\"\u0000\ud83d")).isEqualTo("\"a\\\"\\u0000\\ud83d\"");
    }

    @Test
    void invalidJsonIsRefused() {
        assertThatThrownBy(() -> JsCanonicalJson.canonicalize("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
    }
}
