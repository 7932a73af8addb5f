package dev.herald.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.HttpApiClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Small helpers over the webhook API for the suites of this package. */
final class WebhookApi {
    private final HttpApiClient api;

    WebhookApi(HttpApiClient api) {
        this.api = api;
    }

    /** Creates an endpoint; returns {@code {id, secret, …}}. */
    JsonNode create(String url, String... types) {
        StringBuilder t = new StringBuilder();
        for (String type : types) {
            t.append(t.isEmpty() ? "" : ",").append('"').append(type).append('"');
        }
        HttpApiClient.Response r = api.post("/api/v1/webhooks", "{\"url\":\"" + url + "\",\"event_types\":[" + t + "]}",
                "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** Publishes one event and returns its id. */
    String publish(String type, String dataJson) {
        HttpApiClient.Response r = api.publishEvent(type, dataJson);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("events").get(0).get("id").asText();
    }

    List<JsonNode> deliveries(String endpointId, String query) {
        HttpApiClient.Response r = api.get("/api/v1/webhooks/" + endpointId + "/deliveries" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("data").forEach(out::add);
        return out;
    }

    /** Waits until the delivery of {@code eventId} to the endpoint has {@code status}, and returns it. */
    JsonNode awaitDelivery(String endpointId, String eventId, String status) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        Eventually.until("delivery of " + eventId + " is " + status + " (now: " + found.get() + ")", Duration.ofSeconds(15), () -> {
            for (JsonNode d : deliveries(endpointId, "?limit=250")) {
                if (d.get("event_id").asText().equals(eventId)) {
                    found.set(d);
                    return d.get("status").asText().equals(status);
                }
            }
            return false;
        });
        return found.get();
    }

    HttpApiClient raw() {
        return api;
    }
}
