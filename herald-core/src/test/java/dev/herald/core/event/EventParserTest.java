package dev.herald.core.event;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventParserTest {
    private final EventParser parser = new EventParser(65_536);

    private List<NewEvent> parse(String json) {
        return parser.parseBody(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mintsAnIdAndATimestampWhenAbsent() {
        NewEvent e = parse("{\"type\":\"proof_complete\",\"data\":{\"ok\":true}}").get(0);
        assertThat(e.id()).startsWith("evt_").hasSize(30);
        assertThat(e.timestamp()).isNotNull();
        assertThat(e.dataJson()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void keepsClientFieldsAndNormalisesTheTimestampToUtcMillis() {
        NewEvent e = parse("{\"id\":\"evt_abc123\",\"type\":\"signal.detected\",\"user\":\"u\",\"resource_type\":\"signal\","
                + "\"resource_id\":\"sig_1\",\"timestamp\":\"2026-04-07T16:31:00+02:00\",\"data\":{\"baselineValue\":45000.0}}").get(0);
        assertThat(e.id()).isEqualTo("evt_abc123");
        assertThat(e.resourceType()).isEqualTo("signal");
        assertThat(Timestamps.format(e.timestamp())).isEqualTo("2026-04-07T14:31:00.000Z");
        assertThat(e.dataJson()).isEqualTo("{\"baselineValue\":45000.0}");
    }

    @Test
    void typesFollowTheGrammar() {
        assertThat(EventTypes.isValid("signal.detected")).isTrue();
        assertThat(EventTypes.isValid("a" + "b".repeat(63))).isTrue();
        assertThat(EventTypes.isValid("a" + "b".repeat(64))).isFalse();
        assertThat(EventTypes.isValid("1abc")).isFalse();
        assertThat(EventTypes.isValid("Abc")).isFalse();
        assertThat(EventTypes.isValid("a b")).isFalse();
    }

    @Test
    void errorsNameTheFieldInsideABatch() {
        assertThatThrownBy(() -> parse("{\"events\":[{\"type\":\"ok\"},{\"type\":\"ok\",\"id\":\"has space\"}]}"))
                .isInstanceOfSatisfying(HeraldException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EVENT);
                    assertThat(e.field()).isEqualTo("events[1].id");
                });
    }

    @Test
    void unsafeNumbersAnywhereInDataAreNamedByPath() {
        assertThatThrownBy(() -> parse("{\"events\":[{\"type\":\"a\",\"data\":{\"list\":[1,{\"x\":-0.0}]}}]}"))
                .isInstanceOfSatisfying(HeraldException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_NUMBER);
                    assertThat(e.field()).isEqualTo("events[0].data.list[1].x");
                });
        assertThatThrownBy(() -> parse("{\"type\":\"a\",\"data\":{\"n\":1e400}}"))
                .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_NUMBER));
    }

    @Test
    void deeplyNestedOrHugeInputIsRefusedCleanly() {
        String deep = "{\"type\":\"a\",\"data\":" + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + "}";
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(HeraldException.class);
        String big = "{\"type\":\"a\",\"data\":{\"s\":\"" + "x".repeat(70_000) + "\"}}";
        assertThatThrownBy(() -> parse(big)).isInstanceOfSatisfying(HeraldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
    }
}
