package dev.herald.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A 429/503 with {@code Retry-After} is honored up to the next scheduled delay, never beyond it. */
class WebhookRetryAfterTest {

    private static Duration gapBetweenAttempts(JsonNode delivery) {
        JsonNode attempts = delivery.get("attempts");
        return Duration.between(Instant.parse(attempts.get(0).get("at").asText()),
                Instant.parse(attempts.get(1).get("at").asText()));
    }

    /** The delivery of one event whose first attempt is answered {@code status} with {@code Retry-After}, then 200. */
    private static JsonNode deliveredAfter(String schedule, int status, String retryAfter) {
        try (TestServer server = TestServer.start(Map.of("webhooks.retry_schedule", schedule));
             WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answerByIndex(n -> n == 0
                    ? WebhookReceiver.status(status, "not now", Map.of("Retry-After", retryAfter))
                    : WebhookReceiver.ok());
            WebhookApi api = new WebhookApi(server.api());
            JsonNode endpoint = api.create(receiver.url(), "*");
            return api.awaitDelivery(endpoint.get("id").asText(), api.publish("throttled", "{}"), "succeeded");
        }
    }

    @Test
    void aShortRetryAfterBringsTheRetryForwardFromTheSchedule() {
        JsonNode d = deliveredAfter("30s,30s", 429, "1");
        assertThat(d.get("attempt_count").asInt()).isEqualTo(2);
        assertThat(d.get("attempts").get(0).get("status_code").asInt()).isEqualTo(429);
        assertThat(gapBetweenAttempts(d)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
    }

    @Test
    void aLongRetryAfterIsCappedAtTheScheduledDelay() {
        JsonNode d = deliveredAfter("300ms,300ms", 503, "3600");
        assertThat(d.get("attempts").get(0).get("status_code").asInt()).isEqualTo(503);
        assertThat(gapBetweenAttempts(d)).isLessThan(Duration.ofSeconds(10));
    }
}
