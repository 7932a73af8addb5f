package dev.herald.core.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.event.Event;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FrameTest {
    private static final Instant AT = Instant.parse("2026-12-02T17:00:00Z");

    @Test
    void aConfigChangeListsTheReloadedKeys() throws Exception {
        Frame f = Frame.systemStatus("config_change", "node-\"1\"", AT, List.of("limits.publish_rate", "smtp.host"));
        JsonNode json = new ObjectMapper().readTree(f.text());
        assertThat(json.path("type").asText()).isEqualTo("system_status");
        assertThat(json.path("data").path("status").asText()).isEqualTo("config_change");
        assertThat(json.path("data").path("node").asText()).isEqualTo("node-\"1\"");
        assertThat(json.path("data").path("changed").get(0).asText()).isEqualTo("limits.publish_rate");
        assertThat(json.path("data").path("changed").get(1).asText()).isEqualTo("smtp.host");
        assertThat(json.has("seq")).isFalse();
        assertThat(f.seq()).isEqualTo(Event.NO_SEQ);
        assertThat(f.tenant()).isNull();
    }

    @Test
    void otherStatusesCarryNoChangedList() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Frame.systemStatus("startup", "n", AT).text());
        assertThat(json.path("data").has("changed")).isFalse();
        assertThat(json.path("data").path("status").asText()).isEqualTo("startup");
    }
}
