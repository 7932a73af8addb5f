package dev.herald.server.ws;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.event.EventTypes;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's text frame on {@code /ws/events} or {@code /ws/{user}} as any text: {@link ClientMessage#parse} returns
 * a message that keeps its promises (types valid and at most 256, a non-negative {@code since}, a token to refresh
 * with) or throws {@code invalid_message} with a short detail the server can echo. Corpus:
 * {@code ClientMessageFuzzTestInputs/}.
 */
class ClientMessageFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void aFrameIsAValidMessageOrAnInvalidMessageError(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        ClientMessage m;
        try {
            m = ClientMessage.parse(text);
        } catch (HeraldException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
            assertThat(e.detail()).isNotBlank().hasSizeLessThan(200); // echoed to the client: never the whole frame
            return;
        }
        switch (m.verb()) {
            case SUBSCRIBE, UNSUBSCRIBE -> {
                assertThat(m.eventTypes()).isNotNull().hasSizeLessThanOrEqualTo(256)
                        .allSatisfy(t -> assertThat(EventTypes.WILDCARD.equals(t) || EventTypes.isValid(t)).isTrue());
                assertThat(m.since() == null || m.since() >= 0).isTrue();
            }
            case REFRESH -> assertThat(m.token()).isNotBlank();
            case PING, PONG -> assertThat(m.eventTypes()).isNull();
        }
    }
}
