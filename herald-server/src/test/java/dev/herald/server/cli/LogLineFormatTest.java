package dev.herald.server.cli;

import dev.herald.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LogLineFormatTest {
    private static final String ERROR = "{\"timestamp\":\"2025-01-30T10:30:00.123000\",\"level\":\"ERROR\",\"logger_name\":\"X\","
            + "\"message\":\"boom\",\"hook_id\":null,\"event_type\":null,\"repository\":\"o/r\",\"pr_number\":7,\"github_user\":null}";

    @Test
    void anErrorIsRedOnATerminalAndPlainOtherwise() {
        String colored = new LogLineFormat(true).format(Json.parseOrNull(ERROR));
        assertThat(colored).contains("\u001B[31mERROR\u001B[0m").contains("\u001B[31mboom\u001B[0m").contains("[o/r #7]");
        assertThat(new LogLineFormat(false).format(Json.parseOrNull(ERROR)))
                .isEqualTo("2025-01-30T10:30:00.123000 ERROR [o/r #7] boom");
    }

    @Test
    void eachLevelHasItsColourAndInfoMessagesStayUncoloured() {
        assertThat(LogLineFormat.colorOf("DEBUG")).isEqualTo("\u001B[2m");
        assertThat(LogLineFormat.colorOf("INFO")).isEqualTo("\u001B[32m");
        assertThat(LogLineFormat.colorOf("WARNING")).isEqualTo("\u001B[33m");
        assertThat(LogLineFormat.colorOf("CRITICAL")).isEqualTo("\u001B[1;31m");
        assertThat(new LogLineFormat(true).format(Json.parseOrNull("{\"level\":\"INFO\",\"message\":\"ok\"}")))
                .isEqualTo("\u001B[32mINFO\u001B[0m ok");
    }

    @Test
    void anUnparsedLineIsPrintedAsItsRawMessage() {
        assertThat(new LogLineFormat(true).format(Json.parseOrNull("{\"timestamp\":null,\"level\":null,\"message\":\"Traceback\"}")))
                .isEqualTo("Traceback");
    }

    @Test
    void colourIsOffWhenStdoutIsNotATerminalOrNoColorIsSet() {
        assertThat(LogLineFormat.colorWanted(true, Map.of())).isTrue();
        assertThat(LogLineFormat.colorWanted(false, Map.of())).isFalse();
        assertThat(LogLineFormat.colorWanted(true, Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(LogLineFormat.colorWanted(true, Map.of("NO_COLOR", ""))).isTrue();
    }
}
