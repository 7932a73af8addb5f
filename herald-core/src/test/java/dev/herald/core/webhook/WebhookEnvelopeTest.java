package dev.herald.core.webhook;

import dev.herald.core.event.Event;
import dev.herald.core.event.EventParser;
import dev.herald.core.event.NewEvent;
import dev.herald.core.json.Json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookEnvelopeTest {
    /** The seed's signal.detected example, as a publisher would send it to Herald. */
    static final String SEED_PUBLISH_BODY = """
            {"id": "evt_abc123", "type": "signal.detected", "resource_type": "signal", "resource_id": "sig_def456",
             "timestamp": "2026-04-07T14:31:00Z",
             "data": {
               "signalId": "sig_def456",
               "elderProfileId": "prof_ghi789",
               "customerName": "Margaret Johnson",
               "signalCategory": "GRADUAL_DRAINING",
               "signalCode": "DRAIN_VELOCITY_INCREASE",
               "signalName": "Transaction Velocity Increase",
               "severity": "HIGH",
               "confidence": 0.87,
               "score": 18.5,
               "baselineValue": 45000.0,
               "currentValue": 135000.0,
               "deviationFactor": 3.0,
               "ersBefore": 32.5,
               "ersAfter": 48.2,
               "tierChanged": true,
               "newTier": "ELEVATED"
             }}""";

    static final String SEED_ENVELOPE = "{\"id\":\"evt_abc123\",\"eventType\":\"signal.detected\","
            + "\"resourceType\":\"signal\",\"resourceId\":\"sig_def456\",\"tenantId\":\"your-tenant-uuid\","
            + "\"timestamp\":\"2026-04-07T14:31:00.000Z\",\"data\":{\"signalId\":\"sig_def456\","
            + "\"elderProfileId\":\"prof_ghi789\",\"customerName\":\"Margaret Johnson\","
            + "\"signalCategory\":\"GRADUAL_DRAINING\",\"signalCode\":\"DRAIN_VELOCITY_INCREASE\","
            + "\"signalName\":\"Transaction Velocity Increase\",\"severity\":\"HIGH\",\"confidence\":0.87,"
            + "\"score\":18.5,\"baselineValue\":45000,\"currentValue\":135000,\"deviationFactor\":3,"
            + "\"ersBefore\":32.5,\"ersAfter\":48.2,\"tierChanged\":true,\"newTier\":\"ELEVATED\"}}";

    static Event seedEvent() {
        NewEvent published = new EventParser(65536).parseOne(Json.parseOrNull(SEED_PUBLISH_BODY));
        return Event.accepted(published, "your-tenant-uuid", 1);
    }

    @Test
    void theSeedsExamplePayloadIsSentInTheSeedsShapeWithJavaScriptNumbers() {
        assertThat(new String(WebhookEnvelope.encode(seedEvent()), StandardCharsets.UTF_8)).isEqualTo(SEED_ENVELOPE);
    }

    @Test
    void absentResourceFieldsAreNullAndTheTimestampCarriesMilliseconds() {
        Event event = new Event("evt_1", "batch.completed", "acme", null, null, null,
                Instant.parse("2026-04-07T15:00:00.5Z"), "{\"2\":\"b\",\"z\":1,\"1\":\"a\"}", 7);
        assertThat(WebhookEnvelope.encodeToString(event)).isEqualTo("{\"id\":\"evt_1\",\"eventType\":\"batch.completed\","
                + "\"resourceType\":null,\"resourceId\":null,\"tenantId\":\"acme\","
                + "\"timestamp\":\"2026-04-07T15:00:00.500Z\",\"data\":{\"1\":\"a\",\"2\":\"b\",\"z\":1}}");
    }

    @Test
    void nonAsciiTextIsSentAsUtf8() {
        Event event = new Event("evt_ü", "t", "acme", null, null, null, Instant.EPOCH, "{\"name\":\"Zoë 😀\"}", 1);
        byte[] body = WebhookEnvelope.encode(event);
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("\"id\":\"evt_ü\"", "\"name\":\"Zoë 😀\"");
        assertThat(body).hasSize(WebhookEnvelope.encodeToString(event).getBytes(StandardCharsets.UTF_8).length);
    }
}
