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

    @Test
    void dataIsWrittenBackCompactlyWithEachNumberAsPublished() {
        NewEvent e = parse("{ \"type\" : \"a\", \"data\" : { \"price\" : 1.10, \"n\" : [ 7, -3, 1e2, 2.5E-3 ],"
                + " \"s\" : \"caf\u00e9 \\\"q\\\" \\u0001\", \"t\" : true, \"z\" : null, \"o\" : {} } }").get(0);
        assertThat(e.dataJson()).isEqualTo("{\"price\":1.10,\"n\":[7,-3,1E+2,0.0025],\"s\":\"caf\u00e9 \\\"q\\\" \\u0001\","
                + "\"t\":true,\"z\":null,\"o\":{}}");
    }

    @Test
    void aKeyGivenTwiceInOneObjectIsInvalidJsonNamingTheKey() {
        for (String body : List.of("{\"type\":\"a\",\"type\":\"b\"}", "{\"type\":\"a\",\"data\":{\"amount\":1,\"amount\":100}}",
                "{\"events\":[{\"type\":\"a\",\"data\":{\"x\":{\"k\":1,\"k\":2}}}]}")) {
            assertThatThrownBy(() -> parse(body)).as(body).isInstanceOfSatisfying(HeraldException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON);
                assertThat(e.detail()).contains("twice");
            });
        }
    }

    @Test
    void invalidJsonAnywhereWinsOverEveryOtherError() {
        for (String body : List.of("[1,2", "{\"events\":[{\"type\":\"BAD\"}], \"x\": tru}", "{\"type\":\"a\"} {\"type\":\"b\"}",
                "{\"type\":\"a\"} x", "{\"events\":[{\"type\":\"a\",\"data\":{\"n\":-0}}]")) {
            assertThatThrownBy(() -> parse(body)).as(body).isInstanceOfSatisfying(HeraldException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON));
        }
    }

    @Test
    void errorsComeInTheOrderOfTheEventsAndUnsafeNumbersOutsideDataLast() {
        // events[0]'s bad data number is found before events[1]'s bad type
        assertThatThrownBy(() -> parse("{\"events\":[{\"type\":\"a\",\"data\":{\"n\":-0}},{\"type\":\"B\"}]}"))
                .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.field()).isEqualTo("events[0].data.n"));
        // within one event, its fields come before its data's numbers
        assertThatThrownBy(() -> parse("{\"type\":\"a\",\"data\":{\"n\":1e400},\"id\":\"has space\"}"))
                .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.field()).isEqualTo("id"));
        // a number in an ignored field is checked too, after every event
        assertThatThrownBy(() -> parse("{\"seq\":9007199254740993,\"events\":[{\"type\":\"a\"},{\"type\":\"B\"}]}"))
                .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.field()).isEqualTo("events[1].type"));
        assertThatThrownBy(() -> parse("{\"seq\":9007199254740993,\"events\":[{\"type\":\"a\"}]}"))
                .isInstanceOfSatisfying(HeraldException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_NUMBER);
                    assertThat(e.field()).isEqualTo("seq");
                });
        // the size of a batch is judged before its events
        String tooMany = "{\"events\":[" + "{\"type\":\"BAD\"},".repeat(EventParser.MAX_BATCH) + "{\"type\":\"a\"}]}";
        assertThatThrownBy(() -> parse(tooMany)).isInstanceOfSatisfying(HeraldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
    }

    @Test
    void theLargestSafeIntegersPassAndTheNextOnesDoNot() {
        assertThat(parse("{\"type\":\"a\",\"data\":{\"max\":9007199254740991,\"min\":-9007199254740991,\"z\":0,\"f\":0.0}}"))
                .singleElement().extracting(NewEvent::dataJson)
                .isEqualTo("{\"max\":9007199254740991,\"min\":-9007199254740991,\"z\":0,\"f\":0.0}");
        for (String n : List.of("9007199254740992", "-9007199254740992", "123456789012345678901234567890", "-0", "-0.0", "-1e-400")) {
            assertThatThrownBy(() -> parse("{\"type\":\"a\",\"data\":{\"n\":" + n + "}}")).as(n)
                    .isInstanceOfSatisfying(HeraldException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_NUMBER);
                        assertThat(e.field()).isEqualTo("data.n");
                    });
        }
    }
}
