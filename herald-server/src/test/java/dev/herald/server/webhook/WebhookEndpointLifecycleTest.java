package dev.herald.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.core.store.ApiKey;
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
 * Endpoint lifecycle: {@code disabled} set by hand (no new deliveries; pending ones wait and resume on enable), the
 * automatic disable after {@code webhooks.disable_after} of continuous failure (one email, a metric), and
 * {@code GET /api/v1/events/{id}} showing where an event went, with the payload each delivery sent.
 */
class WebhookEndpointLifecycleTest {

    private static JsonNode patch(HttpApiClient api, String id, String body) {
        HttpApiClient.Response r = api.patch("/api/v1/webhooks/" + id, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode event(HttpApiClient api, String id) {
        HttpApiClient.Response r = api.get("/api/v1/events/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void aDisabledEndpointGetsNoNewDeliveriesAndItsPendingOnesWaitThenResumeWhenEnabled() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestServer server = TestServer.start(Map.of("webhooks.retry_schedule",
                     "200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,1m"))) {
            receiver.answer(WebhookReceiver.status(500, "down"));
            WebhookApi api = new WebhookApi(server.api());
            String id = api.create(receiver.url(), "*").get("id").asText();
            String waiting = api.publish("lifecycle.waits", "{}");
            receiver.awaitRequests(1, Duration.ofSeconds(10));

            JsonNode off = patch(server.api(), id, "{\"disabled\":true}");
            assertThat(off.get("disabled").asBoolean()).isTrue();
            assertThat(off.get("disabled_reason").asText()).isEqualTo("manual");
            assertThat(off.get("disabled_at").asText()).isNotEmpty();
            int seen = receiver.requests().size();
            String skipped = api.publish("lifecycle.skipped", "{}");
            // Retries every 200 ms would send several more; at most one already in flight may still arrive.
            Eventually.stays("no attempt while disabled", Duration.ofMillis(1500),
                    () -> receiver.requests().size() <= seen + 1, true);
            assertThat(api.deliveries(id, "?status=pending")).extracting(d -> d.get("event_id").asText())
                    .containsExactly(waiting);

            receiver.answer(WebhookReceiver.ok());
            JsonNode on = patch(server.api(), id, "{\"disabled\":false}");
            assertThat(on.get("disabled").asBoolean()).isFalse();
            assertThat(on.get("disabled_reason").isNull()).isTrue();
            api.awaitDelivery(id, waiting, "succeeded");
            assertThat(event(server.api(), skipped).get("deliveries")).as("nothing queued while disabled").isEmpty();
            assertThat(receiver.requests()).noneMatch(r -> r.bodyText().contains(skipped));
        }
    }

    @Test
    void anEndpointCreatedDisabledGetsNothingAndDisabledMustBeABoolean() {
        try (TestServer server = TestServer.start()) {
            HttpApiClient.Response created = server.api().post("/api/v1/webhooks",
                    "{\"url\":\"http://127.0.0.1:9/hook\",\"event_types\":[\"*\"],\"disabled\":true}", "application/json");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("disabled").asBoolean()).isTrue();
            String id = created.json().get("id").asText();
            String evt = new WebhookApi(server.api()).publish("never.sent", "{}");
            assertThat(event(server.api(), evt).get("deliveries")).isEmpty();
            assertThat(server.api().get("/api/v1/webhooks").json().get("data").get(0).get("disabled").asBoolean()).isTrue();

            HttpApiClient.Response bad = server.api().patch("/api/v1/webhooks/" + id, "{\"disabled\":\"yes\"}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().path("error").path("field").asText()).isEqualTo("disabled");
        }
    }

    @Test
    void getEventShowsOneEventAndWhereItWentWithThePayloadSent() {
        try (WebhookReceiver receiver = WebhookReceiver.start(); TestServer server = TestServer.start()) {
            receiver.answer(WebhookReceiver.ok());
            WebhookApi api = new WebhookApi(server.api());
            String endpoint = api.create(receiver.url(), "where.to").get("id").asText();
            api.create(receiver.url("/other"), "something.else");
            String id = api.publish("where.to", "{\"n\":45000.0}");
            api.awaitDelivery(endpoint, id, "succeeded");

            JsonNode e = event(server.api(), id);
            assertThat(e.get("id").asText()).isEqualTo(id);
            assertThat(e.get("type").asText()).isEqualTo("where.to");
            assertThat(e.get("seq").asLong()).isPositive();
            assertThat(e.get("data").get("n").asInt()).isEqualTo(45000);
            assertThat(e.get("deliveries")).hasSize(1);
            JsonNode d = e.get("deliveries").get(0);
            assertThat(d.get("endpoint_id").asText()).isEqualTo(endpoint);
            assertThat(d.get("status").asText()).isEqualTo("succeeded");
            assertThat(d.get("attempts").get(0).get("status_code").asInt()).isEqualTo(200);
            String sent = receiver.requests().get(0).bodyText();
            assertThat(d.get("payload").asText()).as("the signed body, byte for byte").isEqualTo(sent);
            assertThat(api.deliveries(endpoint, "").get(0).get("payload").asText()).isEqualTo(sent);

            String publishOnly = server.newKey("default", ApiKey.Scope.PUBLISH);
            JsonNode plain = event(server.api(publishOnly), id);
            assertThat(plain.get("id").asText()).isEqualTo(id);
            assertThat(plain.has("deliveries")).as("delivery logs are for admin keys").isFalse();
            String otherTenant = server.newKey("other", ApiKey.Scope.PUBLISH, ApiKey.Scope.ADMIN);
            assertThat(server.api(otherTenant).get("/api/v1/events/" + id).status()).isEqualTo(404);
            HttpApiClient.Response missing = server.api().get("/api/v1/events/evt_missing");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.errorCode()).isEqualTo("not_found");
            assertThat(server.api(null).get("/api/v1/events/" + id).status()).isEqualTo(401);
        }
    }

    private static void awaitAttempts(WebhookApi api, String endpointId, int n) {
        Eventually.until(n + " attempts are recorded", Duration.ofSeconds(10),
                () -> api.deliveries(endpointId, "").get(0).get("attempt_count").asInt() >= n);
    }

    @Test
    void anEndpointFailingForDisableAfterIsDisabledWithOneEmailAndAMetric() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        MovableClock clock = new MovableClock();
        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestServer server = TestServer.start(Map.of("webhooks.retry_schedule", "1m,1m,1m,1m,1m,1m",
                     "webhooks.disable_after", "1d", "webhooks.notify_after", "1000", "smtp.host", "127.0.0.1",
                     "smtp.port", Integer.toString(smtp.getSmtp().getPort()), "smtp.tls", "none"), clock)) {
            receiver.answer(WebhookReceiver.status(503, "maintenance"));
            String id = WebhookEndpointsApiTest.create(server.api(), "{\"url\":\"" + receiver.url()
                    + "\",\"event_types\":[\"*\"],\"notify_email\":\"owner@example.com\"}").get("id").asText();
            WebhookApi api = new WebhookApi(server.api());
            String first = api.publish("keeps.failing", "{}");
            // Each attempt is recorded (its retry scheduled by the clock) before the clock moves on.
            awaitAttempts(api, id, 1);

            clock.advance(Duration.ofHours(12)); // the retry is due; half a day of failure is not enough
            awaitAttempts(api, id, 2);
            assertThat(server.api().get("/api/v1/webhooks/" + id).json().get("disabled").asBoolean()).isFalse();

            clock.advance(Duration.ofHours(12)); // a day without a success by the next attempt
            awaitAttempts(api, id, 3);
            assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
            JsonNode endpoint = server.api().get("/api/v1/webhooks/" + id).json();
            assertThat(endpoint.get("disabled").asBoolean()).isTrue();
            assertThat(endpoint.get("disabled_reason").asText()).isEqualTo("failing");
            var mail = smtp.getReceivedMessages()[0];
            assertThat(mail.getSubject()).contains(id).contains("disabled");
            assertThat(mail.getContent().toString()).contains(receiver.url()).contains("1d").contains("HTTP 503")
                    .contains("\"disabled\": false");
            String metrics = server.api(null).get("/metrics").body();
            assertThat(metrics).contains("herald_webhook_endpoints_auto_disabled_total 1.0")
                    .contains("herald_webhook_endpoints_disabled 1.0");

            String later = api.publish("after.disable", "{}");
            assertThat(event(server.api(), later).get("deliveries")).isEmpty();
            clock.advance(Duration.ofDays(2));
            Eventually.stays("no more attempts or emails", Duration.ofSeconds(1),
                    () -> receiver.requests().size() + "/" + smtp.getReceivedMessages().length, "3/1");
            assertThat(api.deliveries(id, "?status=pending")).extracting(d -> d.get("event_id").asText())
                    .containsExactly(first);
        } finally {
            smtp.stop();
        }
    }
}
