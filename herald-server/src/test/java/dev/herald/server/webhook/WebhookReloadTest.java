package dev.herald.server.webhook;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.server.ReloadResult;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A reload (SIGHUP) changes the retry schedule, the failure-notice threshold and SMTP for what happens next. */
class WebhookReloadTest {

    @Test
    void aReloadedRetryScheduleNotifyThresholdAndSmtpServerApplyToTheNextDeliveries() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestServer server = TestServer.start(Map.of("webhooks.retry_schedule", "100ms",
                     "webhooks.notify_after", "1000"))) {
            receiver.answer(WebhookReceiver.status(500, "down"));
            WebhookApi api = new WebhookApi(server.api());
            String id = server.api().post("/api/v1/webhooks", "{\"url\":\"" + receiver.url()
                    + "\",\"event_types\":[\"*\"],\"notify_email\":\"ops@example.com\"}", "application/json")
                    .json().get("id").asText();
            assertThat(api.awaitDelivery(id, api.publish("before", "{}"), "failed").get("attempt_count").asInt())
                    .isEqualTo(2);

            ReloadResult r = server.reload(Map.of("webhooks.retry_schedule", "100ms,100ms", "webhooks.notify_after", "3",
                    "smtp.host", "127.0.0.1", "smtp.port", Integer.toString(smtp.getSmtp().getPort()),
                    "smtp.tls", "none", "smtp.from", "herald@example.com"));
            assertThat(r.applied()).containsExactly("webhooks.retry_schedule", "webhooks.notify_after", "smtp.host",
                    "smtp.port", "smtp.from", "smtp.tls");

            assertThat(api.awaitDelivery(id, api.publish("after", "{}"), "failed").get("attempt_count").asInt())
                    .isEqualTo(3);
            assertThat(smtp.waitForIncomingEmail(5_000, 1)).as("the streak reached the new threshold").isTrue();
            assertThat(smtp.getReceivedMessages()[0].getSubject()).contains(id);
        } finally {
            smtp.stop();
        }
    }
}
