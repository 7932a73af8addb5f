package dev.herald.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerMessageTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static java.util.Optional<ServerMessage> parse(String json) throws Exception {
        return ServerMessage.of(M.readTree(json));
    }

    @Test
    void aFrameWithASeqIsAnEventEvenWhenItsTypeIsAReplyName() throws Exception {
        ServerMessage m = parse("{\"type\":\"ping\",\"seq\":7,\"data\":{}}").orElseThrow();
        assertThat(m.isEvent()).isTrue();
        assertThat(m.seq()).isEqualTo(7L);
    }

    @Test
    void repliesAndSystemStatusAreToldApart() throws Exception {
        assertThat(parse("{\"type\":\"recovery_failed\",\"data\":{\"from\":3}}").orElseThrow().reply())
                .isEqualTo(ReplyType.RECOVERY_FAILED);
        ServerMessage status = parse("{\"type\":\"system_status\",\"data\":{\"status\":\"shutdown\"}}").orElseThrow();
        assertThat(status.isEvent()).isTrue();
        assertThat(status.seq()).isNull();
    }

    @Test
    void framesHeraldNeverSendsAreRefused() throws Exception {
        assertThat(parse("[1,2]")).isEmpty();
        assertThat(parse("{\"data\":{}}")).isEmpty();
        assertThat(parse("{\"type\":5}")).isEmpty();
        assertThat(parse("{\"type\":\"x\",\"seq\":\"7\"}")).isEmpty();
        assertThat(parse("{\"type\":\"x\",\"seq\":-1}")).isEmpty();
        assertThat(parse("{\"type\":\"x\",\"seq\":1.5}")).isEmpty();
    }

    @Test
    void clientMessagesCarryTheVerbUnderAction() throws Exception {
        assertThat(M.readTree(ClientMessages.subscribe(java.util.List.of("a", "*"), 4)))
                .isEqualTo(M.readTree("{\"action\":\"subscribe\",\"event_types\":[\"a\",\"*\"],\"since\":4}"));
        assertThat(ClientMessages.refresh("t")).isEqualTo("{\"action\":\"refresh\",\"token\":\"t\"}");
        assertThat(ClientMessages.pong()).isEqualTo("{\"action\":\"pong\"}");
    }
}
