package dev.herald.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.bootstrap.DevBootstrap;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.ServerProcess;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Deliveries survive the process: a graceful stop finishes attempts in flight; kill -9 loses none. */
class WebhookLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void aGracefulStopLetsTheAttemptInFlightFinishAndRecordsIt() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(WebhookReceiver.slow(Duration.ofMillis(1500)));
            TestServer server = TestServer.start(dir.resolve("data"), Map.of());
            WebhookApi api = new WebhookApi(server.api());
            String endpoint = api.create(receiver.url(), "*").get("id").asText();
            String eventId = api.publish("in.flight", "{}");
            receiver.awaitRequests(1, Duration.ofSeconds(5));
            server.close(); // the receiver is still sleeping on the request
            receiver.answer(WebhookReceiver.ok());
            try (TestServer again = TestServer.start(dir.resolve("data"), Map.of())) {
                JsonNode d = new WebhookApi(again.api()).awaitDelivery(endpoint, eventId, "succeeded");
                assertThat(d.get("attempt_count").asInt()).isEqualTo(1);
                assertThat(receiver.requests()).hasSize(1);
            }
        }
    }

    @Test
    void killMinus9MidDeliveryThenRestartDeliversEveryAcceptedEventAtLeastOnce() throws Exception {
        int events = 2000;
        Path data = dir.resolve("crash");
        Map<String, String> env = Map.of("HERALD_WEBHOOKS_TIMEOUT", "2s", "HERALD_WEBHOOKS_RETRY_SCHEDULE", "200ms,500ms,1s",
                "HERALD_LOG_LEVEL", "WARN");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(WebhookReceiver.slow(Duration.ofMillis(10)));
            Set<String> accepted = new HashSet<>();
            try (ServerProcess first = ServerProcess.start(data, env)) {
                HttpApiClient api = new HttpApiClient(first.http(), DevBootstrap.savedAdminKey(data).orElseThrow());
                new WebhookApi(api).create(receiver.url(), "*");
                for (int batch = 0; batch < events / 500; batch++) {
                    StringBuilder body = new StringBuilder("{\"events\":[");
                    for (int i = 0; i < 500; i++) {
                        body.append(i == 0 ? "" : ",").append("{\"type\":\"crash.test\",\"data\":{\"n\":")
                                .append(batch * 500 + i).append("}}");
                    }
                    HttpApiClient.Response r = api.publish(body.append("]}").toString());
                    assertThat(r.status()).as(r.body()).isEqualTo(202);
                    r.json().get("events").forEach(e -> accepted.add(e.get("id").asText()));
                }
                receiver.awaitRequests(events / 5, Duration.ofSeconds(20));
                first.kill9();
            }
            int beforeRestart = distinctIds(receiver).size();
            assertThat(beforeRestart).isLessThan(events);
            try (ServerProcess second = ServerProcess.start(data, env)) {
                Eventually.until("every accepted event reached the receiver (" + distinctIds(receiver).size() + "/"
                        + events + ")", Duration.ofSeconds(25), () -> distinctIds(receiver).containsAll(accepted));
            }
            assertThat(accepted).hasSize(events);
        }
    }

    private static Set<String> distinctIds(WebhookReceiver receiver) {
        Set<String> ids = new HashSet<>();
        receiver.requests().forEach(r -> ids.add(r.header("webhook-id")));
        return ids;
    }
}
