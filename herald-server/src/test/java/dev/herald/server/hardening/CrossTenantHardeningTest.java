package dev.herald.server.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.store.ApiKey;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ids are not secrets: an admin of tenant {@code acme} who learns a {@code wh_…} or {@code msg_…} id of tenant
 * {@code default} gets 404 {@code not_found} from every API that takes it (read, change, delete, deliveries, retry,
 * recover, rotate) — the same answer as for an id that does not exist, so it learns nothing — and the owner's
 * endpoint and delivery are untouched.
 */
class CrossTenantHardeningTest {

    @Test
    void anotherTenantsEndpointAndDeliveryIdsAre404OnEveryApi() {
        try (TestServer server = TestServer.start(Map.of("webhooks.retry_schedule", "1h"))) {
            HttpApiClient owner = server.api();
            HttpApiClient other = server.api(server.newKey("acme", ApiKey.Scope.ADMIN, ApiKey.Scope.PUBLISH));
            JsonNode endpoint = owner.post("/api/v1/webhooks",
                    "{\"url\":\"http://127.0.0.1:9/closed\",\"event_types\":[\"*\"]}", "application/json").json();
            String wh = endpoint.get("id").asText();
            assertThat(owner.publishEvent("owned.event", "{}").status()).isEqualTo(202);
            Eventually.until("the delivery is listed", () ->
                    owner.get("/api/v1/webhooks/" + wh + "/deliveries").json().path("data").size() == 1);
            String msg = owner.get("/api/v1/webhooks/" + wh + "/deliveries").json().path("data").get(0).get("id").asText();

            String json = "application/json";
            HttpApiClient.Response[] answers = {
                    other.get("/api/v1/webhooks/" + wh),
                    other.patch("/api/v1/webhooks/" + wh, "{\"description\":\"mine now\"}"),
                    other.get("/api/v1/webhooks/" + wh + "/deliveries"),
                    other.post("/api/v1/webhooks/" + wh + "/recover", "{\"since\":\"2020-01-01T00:00:00Z\"}", json),
                    other.post("/api/v1/webhooks/" + wh + "/rotate-secret", "", null),
                    other.post("/api/v1/webhooks/" + wh + "/rotate-secret/complete", "", null),
                    other.get("/api/v1/deliveries/" + msg),
                    other.post("/api/v1/deliveries/" + msg + "/retry", "", null),
                    other.delete("/api/v1/webhooks/" + wh),
            };
            for (HttpApiClient.Response r : answers) {
                assertThat(r.status()).as(r.body()).isEqualTo(404);
                assertThat(r.errorCode()).isEqualTo("not_found");
                assertThat(r.body()).doesNotContain("127.0.0.1:9").doesNotContain("owned.event");
            }
            assertThat(other.get("/api/v1/webhooks").json().path("data").size()).isZero();
            JsonNode still = owner.get("/api/v1/webhooks/" + wh).json();
            assertThat(still.path("description").asText("")).isNotEqualTo("mine now");
            assertThat(owner.get("/api/v1/deliveries/" + msg).status()).isEqualTo(200);
            assertThat(owner.get("/health").status()).isEqualTo(200);
        }
    }
}
