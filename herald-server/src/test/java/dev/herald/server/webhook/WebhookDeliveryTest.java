package dev.herald.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.webhook.SignatureHeaders;
import dev.herald.core.webhook.Verification;
import dev.herald.core.webhook.WebhookSecret;
import dev.herald.core.webhook.WebhookVerifier;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a receiver gets and what the delivery log records: signed envelopes, retries on the configured
 * schedule, every kind of failure named, redirects never followed, manual retry and recovery.
 */
class WebhookDeliveryTest {
    private static TestServer server;
    private static WebhookApi api;
    private WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("webhooks.timeout", "1s", "webhooks.retry_schedule", "200ms,200ms",
                "webhooks.concurrency", "3"));
        api = new WebhookApi(server.api());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void receiver() {
        receiver = WebhookReceiver.start();
    }

    /**
     * Each test starts with no endpoint: one left behind would keep retrying toward its closed receiver's port,
     * which the next test's receiver may be given by the OS, and receive requests that test never caused.
     */
    @AfterEach
    void closeReceiverAndDeleteEndpoints() {
        for (JsonNode e : server.api().get("/api/v1/webhooks").json().path("data")) {
            server.api().delete("/api/v1/webhooks/" + e.path("id").asText());
        }
        receiver.close();
    }

    @Test
    void anAcceptedEventArrivesAsTheSignedEnvelopeWithEveryHeader() {
        JsonNode endpoint = api.create(receiver.url(), "signal.detected");
        HttpApiClient.Response published = server.api().publish("""
                {"type":"signal.detected","resource_type":"signal","resource_id":"sig_1",
                 "data":{"severity":"HIGH","baselineValue":45000.0,"confidence":0.87}}""");
        String eventId = published.json().get("events").get(0).get("id").asText();
        receiver.awaitRequests(1, Duration.ofSeconds(10));

        WebhookReceiver.Request r = receiver.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/hook");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("user-agent")).startsWith("Herald-Webhooks/");
        assertThat(r.header("webhook-id")).isEqualTo(eventId);
        assertThat(r.bodyText()).startsWith("{\"id\":\"" + eventId + "\",\"eventType\":\"signal.detected\","
                + "\"resourceType\":\"signal\",\"resourceId\":\"sig_1\",\"tenantId\":\"default\",\"timestamp\":\"")
                .endsWith(",\"data\":{\"severity\":\"HIGH\",\"baselineValue\":45000,\"confidence\":0.87}}");
        Verification v = verify(r, endpoint.get("secret").asText());
        assertThat(v.xSignatureValid()).isTrue();
        assertThat(v.standardWebhooksValid()).isTrue();
        assertThat(Long.parseLong(r.header("webhook-timestamp"))).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(10L));

        JsonNode d = api.awaitDelivery(endpoint.get("id").asText(), eventId, "succeeded");
        assertThat(d.get("id").asText()).startsWith("msg_");
        assertThat(d.get("endpoint_id").asText()).isEqualTo(endpoint.get("id").asText());
        assertThat(d.get("event_type").asText()).isEqualTo("signal.detected");
        assertThat(d.get("attempt_count").asInt()).isEqualTo(1);
        assertThat(d.get("next_attempt_at").isNull()).isTrue();
        JsonNode attempt = d.get("attempts").get(0);
        assertThat(attempt.get("status_code").asInt()).isEqualTo(200);
        assertThat(attempt.get("error").isNull()).isTrue();
        assertThat(attempt.get("response_excerpt").asText()).isEqualTo("{\"received\":true}");
        assertThat(attempt.get("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(server.api().get("/api/v1/deliveries/" + d.get("id").asText()).json()).isEqualTo(d);
    }

    @Test
    void onlyEndpointsWhoseTypesMatchGetTheEventAndStarMatchesAll() {
        JsonNode some = api.create(receiver.url("/some"), "a.one");
        JsonNode all = api.create(receiver.url("/all"), "*");
        api.publish("b.two", "{}");
        String one = api.publish("a.one", "{}");
        api.awaitDelivery(some.get("id").asText(), one, "succeeded");
        receiver.awaitRequests(3, Duration.ofSeconds(10));
        assertThat(receiver.requests()).filteredOn(r -> r.path().equals("/some")).hasSize(1);
        assertThat(receiver.requests()).filteredOn(r -> r.path().equals("/all")).hasSize(2);
        assertThat(api.deliveries(some.get("id").asText(), "")).hasSize(1);
        assertThat(api.deliveries(all.get("id").asText(), "")).hasSize(2);
    }

    @Test
    void aFailedAttemptIsRetriedOnTheScheduleWithTheSameIdAndFreshSignatures() {
        receiver.answerByIndex(n -> n == 0 ? WebhookReceiver.status(500, "boom") : WebhookReceiver.ok());
        JsonNode endpoint = api.create(receiver.url(), "*");
        String eventId = api.publish("retry.me", "{}");
        JsonNode d = api.awaitDelivery(endpoint.get("id").asText(), eventId, "succeeded");
        assertThat(d.get("attempt_count").asInt()).isEqualTo(2);
        JsonNode first = d.get("attempts").get(0);
        assertThat(first.get("status_code").asInt()).isEqualTo(500);
        assertThat(first.get("error").isNull()).isTrue();
        assertThat(first.get("response_excerpt").asText()).isEqualTo("boom");
        assertThat(receiver.requests()).hasSize(2).allSatisfy(r -> assertThat(r.header("webhook-id")).isEqualTo(eventId));
        Duration gap = Duration.between(Instant.parse(first.get("at").asText()), Instant.parse(d.get("attempts").get(1).get("at").asText()));
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void afterTheLastRetryTheDeliveryIsFailedAndAManualRetrySendsOneAttempt() {
        receiver.answer(WebhookReceiver.status(503, "down"));
        JsonNode endpoint = api.create(receiver.url(), "*");
        String eventId = api.publish("never.ok", "{}");
        JsonNode d = api.awaitDelivery(endpoint.get("id").asText(), eventId, "failed");
        assertThat(d.get("attempt_count").asInt()).isEqualTo(3);
        assertThat(d.get("next_attempt_at").isNull()).isTrue();
        assertThat(api.deliveries(endpoint.get("id").asText(), "?status=failed")).hasSize(1);
        assertThat(api.deliveries(endpoint.get("id").asText(), "?status=succeeded")).isEmpty();

        HttpApiClient.Response retry = server.api().post("/api/v1/deliveries/" + d.get("id").asText() + "/retry", "", null);
        assertThat(retry.status()).as(retry.body()).isEqualTo(202);
        receiver.awaitRequests(4, Duration.ofSeconds(10));
        dev.herald.server.testkit.Eventually.until("the manual attempt is recorded", () ->
                server.api().get("/api/v1/deliveries/" + d.get("id").asText()).json().get("attempt_count").asInt() == 4);
        JsonNode after = server.api().get("/api/v1/deliveries/" + d.get("id").asText()).json();
        assertThat(after.get("status").asText()).isEqualTo("failed");
        assertThat(after.get("next_attempt_at").isNull()).isTrue();

        receiver.answer(WebhookReceiver.ok());
        server.api().post("/api/v1/deliveries/" + d.get("id").asText() + "/retry", "", null);
        api.awaitDelivery(endpoint.get("id").asText(), eventId, "succeeded");
        assertThat(receiver.requests()).hasSize(5);
    }

    @Test
    void recoverSendsOneNewAttemptForEveryFailedDeliverySinceTheGivenTime() {
        receiver.answer(WebhookReceiver.status(500, ""));
        JsonNode endpoint = api.create(receiver.url(), "*");
        String id = endpoint.get("id").asText();
        String a = api.publish("r.a", "{}");
        String b = api.publish("r.b", "{}");
        api.awaitDelivery(id, a, "failed");
        api.awaitDelivery(id, b, "failed");
        receiver.answer(WebhookReceiver.ok());
        HttpApiClient.Response r = server.api().post("/api/v1/webhooks/" + id + "/recover",
                "{\"since\":\"" + Instant.now().minusSeconds(60) + "\"}", "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("recovering").asInt()).isEqualTo(2);
        api.awaitDelivery(id, a, "succeeded");
        api.awaitDelivery(id, b, "succeeded");
        assertThat(server.api().post("/api/v1/webhooks/" + id + "/recover", "{\"since\":\"yesterday\"}",
                "application/json").errorCode()).isEqualTo("invalid_request");
    }

    @Test
    void aRedirectIsNeverFollowedAndIsRecordedWithItsStatus() {
        receiver.answer(r -> r.path().equals("/hook") ? WebhookReceiver.redirect(302, receiver.url("/elsewhere"))
                : WebhookReceiver.ok());
        JsonNode endpoint = api.create(receiver.url(), "*");
        String eventId = api.publish("go.away", "{}");
        JsonNode d = api.awaitDelivery(endpoint.get("id").asText(), eventId, "failed");
        assertThat(d.get("attempts").get(0).get("error").asText()).isEqualTo("redirect");
        assertThat(d.get("attempts").get(0).get("status_code").asInt()).isEqualTo(302);
        assertThat(receiver.requests()).noneMatch(r -> r.path().equals("/elsewhere"));
    }

    @Test
    void aReceiverThatNeverAnswersTimesOut() {
        receiver.answer(WebhookReceiver.hang());
        JsonNode endpoint = api.create(receiver.url(), "*");
        String eventId = api.publish("slow.one", "{}");
        JsonNode d = api.awaitDelivery(endpoint.get("id").asText(), eventId, "failed");
        assertThat(d.get("attempts")).allSatisfy(a -> {
            assertThat(a.get("error").asText()).isEqualTo("timeout");
            assertThat(a.get("status_code").isNull()).isTrue();
            assertThat(a.get("duration_ms").asLong()).isBetween(900L, 5000L);
        });
    }

    @Test
    void aHugeAnswerIsCutOffAsResponseTooLarge() {
        receiver.answer(WebhookReceiver.hugeBody(4L << 20));
        JsonNode endpoint = api.create(receiver.url(), "*");
        String eventId = api.publish("huge.answer", "{}");
        JsonNode a = api.awaitDelivery(endpoint.get("id").asText(), eventId, "failed").get("attempts").get(0);
        assertThat(a.get("error").asText()).isEqualTo("response_too_large");
        assertThat(a.get("status_code").asInt()).isEqualTo(200);
        assertThat(a.get("response_excerpt").asText()).hasSize(1024);
    }

    @Test
    void aResetConnectionAndARefusedOneAreNamedAsSuch() throws Exception {
        receiver.answer(WebhookReceiver.reset());
        JsonNode reset = api.create(receiver.url(), "reset.me");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        JsonNode refused = api.create("http://127.0.0.1:" + closedPort + "/hook", "refuse.me");
        String r1 = api.publish("reset.me", "{}");
        String r2 = api.publish("refuse.me", "{}");
        assertThat(api.awaitDelivery(reset.get("id").asText(), r1, "failed").get("attempts").get(0).get("error").asText())
                .isEqualTo("connection_reset");
        assertThat(api.awaitDelivery(refused.get("id").asText(), r2, "failed").get("attempts").get(0).get("error").asText())
                .isEqualTo("connection_refused");
    }

    @Test
    void aSlowEndpointHoldsAtMostItsConcurrencyAndNeverDelaysOthersOrThePublisher() {
        try (WebhookReceiver slow = WebhookReceiver.start()) {
            slow.answer(WebhookReceiver.slow(Duration.ofMillis(400)));
            JsonNode slowEndpoint = api.create(slow.url(), "busy");
            JsonNode fast = api.create(receiver.url(), "quick");
            for (int i = 0; i < 12; i++) {
                long t0 = System.nanoTime();
                api.publish("busy", "{\"i\":" + i + "}");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
            }
            String quick = api.publish("quick", "{}");
            long t0 = System.nanoTime();
            receiver.awaitRequests(1, Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1500));
            api.awaitDelivery(fast.get("id").asText(), quick, "succeeded");
            slow.awaitRequests(12, Duration.ofSeconds(15));
            assertThat(slow.maxConcurrent()).isLessThanOrEqualTo(3);
            assertThat(api.deliveries(slowEndpoint.get("id").asText(), "?limit=250")).hasSize(12);
        }
    }

    @Test
    void theDeliveryLogPagesNewestFirstWithACursor() {
        JsonNode endpoint = api.create(receiver.url(), "page.me");
        String id = endpoint.get("id").asText();
        for (int i = 0; i < 5; i++) {
            api.publish("page.me", "{}");
        }
        receiver.awaitRequests(5, Duration.ofSeconds(10));
        HttpApiClient.Response first = server.api().get("/api/v1/webhooks/" + id + "/deliveries?limit=2");
        String cursor = first.json().get("next_cursor").asText();
        HttpApiClient.Response second = server.api().get("/api/v1/webhooks/" + id + "/deliveries?limit=2&cursor=" + cursor);
        HttpApiClient.Response third = server.api().get("/api/v1/webhooks/" + id + "/deliveries?limit=2&cursor="
                + second.json().get("next_cursor").asText());
        assertThat(first.json().get("data")).hasSize(2);
        assertThat(second.json().get("data")).hasSize(2);
        assertThat(third.json().get("data")).hasSize(1);
        assertThat(third.json().get("next_cursor").isNull()).isTrue();
        assertThat(first.json().get("data").get(1).get("id").asText())
                .isGreaterThan(second.json().get("data").get(0).get("id").asText());
    }

    @Test
    void duringARotationOverlapBothSignaturesRideAlongAndXSignatureKeepsTheOldSecret() {
        JsonNode endpoint = api.create(receiver.url(), "rot");
        String id = endpoint.get("id").asText();
        String oldSecret = endpoint.get("secret").asText();
        String newSecret = server.api().post("/api/v1/webhooks/" + id + "/rotate-secret", "{\"overlap\":\"1h\"}",
                "application/json").json().get("secret").asText();
        api.publish("rot", "{}");
        receiver.awaitRequests(1, Duration.ofSeconds(10));
        WebhookReceiver.Request during = receiver.requests().get(0);
        assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(verify(during, oldSecret).xSignatureValid()).isTrue();
        assertThat(verify(during, oldSecret).standardWebhooksValid()).isTrue();
        assertThat(verify(during, newSecret).standardWebhooksValid()).isTrue();

        server.api().post("/api/v1/webhooks/" + id + "/rotate-secret/complete", "", null);
        api.publish("rot", "{}");
        receiver.awaitRequests(2, Duration.ofSeconds(10));
        WebhookReceiver.Request after = receiver.requests().get(1);
        assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
        assertThat(verify(after, newSecret).xSignatureValid()).isTrue();
        assertThat(verify(after, oldSecret).standardWebhooksValid()).isFalse();
    }

    @Test
    void metricsCountAttemptsByOutcomeWithALatencyHistogram() {
        JsonNode endpoint = api.create(receiver.url(), "metered");
        api.awaitDelivery(endpoint.get("id").asText(), api.publish("metered", "{}"), "succeeded");
        String metrics = server.api().get("/metrics").body();
        assertThat(metrics).contains("herald_webhook_attempts_total{outcome=\"success\"}")
                .contains("herald_webhook_attempt_duration_seconds_bucket")
                .contains("herald_deliveries_total{channel=\"webhook\",outcome=\"succeeded\"}");
    }

    static Verification verify(WebhookReceiver.Request r, String secret) {
        return WebhookVerifier.withDefaults().verify(r.body(), new SignatureHeaders(r.header("webhook-id"),
                r.header("webhook-timestamp"), r.header("webhook-signature"), r.header("x-signature")),
                WebhookSecret.parse(secret));
    }
}
