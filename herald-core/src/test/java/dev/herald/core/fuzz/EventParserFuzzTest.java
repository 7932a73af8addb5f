package dev.herald.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.event.EventParser;
import dev.herald.core.event.EventTypes;
import dev.herald.core.event.NewEvent;
import dev.herald.core.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publish body validator against any bytes: it refuses with one of its documented 4xx codes or returns events
 * that keep every promise the rest of Herald relies on (a valid type, data an object within the limit, written so
 * that reading and writing it again changes nothing). Corpus: {@code EventParserFuzzTestInputs/}.
 */
class EventParserFuzzTest {
    private static final int LIMIT = 4096;
    private static final Set<ErrorCode> DOCUMENTED = EnumSet.of(ErrorCode.INVALID_JSON, ErrorCode.INVALID_EVENT,
            ErrorCode.UNSAFE_NUMBER, ErrorCode.PAYLOAD_TOO_LARGE);
    private static final EventParser PARSER = new EventParser(LIMIT);

    @FuzzTest(maxDuration = "5s")
    void aBodyIsRefusedWithADocumentedCodeOrYieldsValidEvents(byte[] body) {
        List<NewEvent> events;
        try {
            events = PARSER.parseBody(body);
        } catch (HeraldException e) {
            assertThat(DOCUMENTED).contains(e.code());
            return;
        }
        assertThat(events).isNotEmpty().hasSizeLessThanOrEqualTo(EventParser.MAX_BATCH);
        for (NewEvent ev : events) {
            assertThat(EventTypes.isValid(ev.type())).as("type %s", ev.type()).isTrue();
            assertThat(ev.id()).isNotBlank();
            assertThat(ev.dataJson().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LIMIT);
            JsonNode data = Json.parseOrNull(ev.dataJson());
            assertThat(data).as("data of %s", ev.dataJson()).isNotNull();
            assertThat(data.isObject()).isTrue();
            assertThat(Json.writeTree(data)).isEqualTo(ev.dataJson());
        }
    }
}
