package dev.herald.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.retention.Pruner;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.MovableClock;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention with a clock moved forward: finished deliveries go after {@code webhooks.retention}, events after the
 * longer of {@code history.ttl} and the 24 h idempotency window (the id is then free again), pending deliveries stay,
 * and every pass is measured in {@code /metrics}.
 */
class RetentionTest {

    private static JsonNode delivery(HttpApiClient api, String id) {
        return api.get("/api/v1/deliveries/" + id).json();
    }

    @Test
    void finishedDeliveriesAndOldEventsArePrunedPendingDeliveriesStayAndPassesAreMeasured() {
        MovableClock clock = new MovableClock();
        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestServer server = TestServer.start(Map.of("webhooks.retention", "7d", "history.ttl", "1h",
                     "webhooks.retry_schedule", "30d"), clock)) {
            receiver.answer(r -> r.path().equals("/ok") ? WebhookReceiver.ok() : WebhookReceiver.status(500, "no"));
            HttpApiClient api = server.api();
            String ok = api.post("/api/v1/webhooks", "{\"url\":\"" + receiver.url("/ok") + "\",\"event_types\":[\"*\"]}",
                    "application/json").json().get("id").asText();
            String failing = api.post("/api/v1/webhooks", "{\"url\":\"" + receiver.url("/fail")
                    + "\",\"event_types\":[\"*\"]}", "application/json").json().get("id").asText();
            JsonNode published = api.publish("{\"id\":\"evt_kept_a_while\",\"type\":\"kept\",\"data\":{}}").json();
            long seq = published.path("events").get(0).path("seq").asLong();
            Eventually.until("one delivery succeeded, the other waits for its retry", () -> {
                JsonNode e = api.get("/api/v1/events/evt_kept_a_while").json();
                return e.path("deliveries").size() == 2 && e.path("deliveries").findValues("attempt_count").stream()
                        .allMatch(n -> n.asInt() == 1);
            });
            JsonNode deliveries = api.get("/api/v1/events/evt_kept_a_while").json().get("deliveries");
            String succeeded = deliveries.get(deliveries.get(0).get("endpoint_id").asText().equals(ok) ? 0 : 1).get("id").asText();
            String pending = deliveries.get(deliveries.get(0).get("endpoint_id").asText().equals(failing) ? 0 : 1).get("id").asText();

            Pruner.Pass early = server.herald().pruneNow();
            assertThat(early.events().rows()).isZero();
            assertThat(early.deliveries().rows()).isZero();

            clock.advance(Duration.ofDays(8)); // beyond retention, and the pending one's retry is not due yet (30 d)
            Pruner.Pass pass = server.herald().pruneNow();
            assertThat(pass.events().rows()).isEqualTo(1);
            assertThat(pass.deliveries().rows()).as("the succeeded delivery and its attempt").isEqualTo(2);
            assertThat(api.get("/api/v1/deliveries/" + succeeded).status()).isEqualTo(404);
            assertThat(delivery(api, pending).get("status").asText()).isEqualTo("pending");
            assertThat(api.get("/api/v1/events/evt_kept_a_while").status()).isEqualTo(404);

            JsonNode again = api.publish("{\"id\":\"evt_kept_a_while\",\"type\":\"kept\",\"data\":{}}").json();
            assertThat(again.path("events").get(0).path("duplicate").asBoolean()).as("the id is free again").isFalse();
            assertThat(again.path("events").get(0).path("seq").asLong()).isEqualTo(seq + 1);

            String metrics = server.api(null).get("/metrics").body();
            assertThat(metrics).contains("herald_prune_rows_total{table=\"events\"} 1.0")
                    .contains("herald_prune_rows_total{table=\"webhook_deliveries\"} 2.0")
                    .contains("herald_prune_writer_hold_seconds_count{table=\"events\"}")
                    .contains("herald_prune_writer_hold_seconds_max{table=\"webhook_deliveries\"}")
                    .containsPattern("herald_prune_rows_per_second\\{table=\"webhook_deliveries\"} [1-9]");
        }
    }
}
