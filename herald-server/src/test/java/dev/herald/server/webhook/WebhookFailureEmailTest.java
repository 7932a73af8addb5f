package dev.herald.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One email per failure streak, through a real SMTP server (GreenMail), naming what the owner needs to act. */
class WebhookFailureEmailTest {

    @Test
    void aFailureStreakSendsOneEmailAndASuccessEndsTheStreak() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestServer server = TestServer.start(Map.of("webhooks.retry_schedule", "100ms,100ms,100ms",
                     "webhooks.notify_after", "2", "smtp.host", "127.0.0.1",
                     "smtp.port", Integer.toString(smtp.getSmtp().getPort()), "smtp.tls", "none",
                     "smtp.from", "herald@example.com"))) {
            receiver.answer(WebhookReceiver.status(500, "{\"error\":\"database is down\"}"));
            WebhookApi api = new WebhookApi(server.api());
            HttpApiClient.Response created = server.api().post("/api/v1/webhooks", "{\"url\":\"" + receiver.url()
                    + "\",\"event_types\":[\"*\"],\"notify_email\":\"ops@example.com\"}", "application/json");
            JsonNode endpoint = created.json();
            String id = endpoint.get("id").asText();

            api.awaitDelivery(id, api.publish("first.failure", "{}"), "failed");
            api.awaitDelivery(id, api.publish("still.failing", "{}"), "failed");
            assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
            assertThat(mail.getFrom()[0].toString()).isEqualTo("herald@example.com");
            assertThat(mail.getSubject()).contains(id).contains("2 times in a row");
            String text = mail.getContent().toString();
            assertThat(text).contains(id).contains(receiver.url()).contains("2 consecutive failed attempts")
                    .contains("HTTP 500").contains("database is down")
                    .contains("/api/v1/webhooks/" + id + "/deliveries?status=failed");

            receiver.answer(WebhookReceiver.ok());
            api.awaitDelivery(id, api.publish("recovered", "{}"), "succeeded");
            assertThat(smtp.getReceivedMessages()).hasSize(1);

            receiver.answer(WebhookReceiver.status(502, ""));
            api.awaitDelivery(id, api.publish("failing.again", "{}"), "failed");
            Eventually.until("a second streak sends a second email", Duration.ofSeconds(5),
                    () -> smtp.getReceivedMessages().length == 2);
            assertThat(smtp.getReceivedMessages()[1].getContent().toString()).contains("HTTP 502");
        } finally {
            smtp.stop();
        }
    }

    /** Publishes one event to an endpoint that always fails, with Herald logging in to SMTP as herald/{@code password}. */
    private static void failOnceWithSmtpPassword(String password, java.util.function.Consumer<GreenMail> check)
            throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.setUser("herald@example.com", "herald", "s3cret-pass");
        smtp.start();
        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestServer server = TestServer.start(Map.of("webhooks.retry_schedule", "100ms",
                     "webhooks.notify_after", "1", "smtp.host", "127.0.0.1",
                     "smtp.port", Integer.toString(smtp.getSmtp().getPort()), "smtp.tls", "none",
                     "smtp.from", "herald@example.com", "smtp.username", "herald", "smtp.password", password))) {
            receiver.answer(WebhookReceiver.status(500, "nope"));
            WebhookApi api = new WebhookApi(server.api());
            String id = server.api().post("/api/v1/webhooks", "{\"url\":\"" + receiver.url()
                    + "\",\"event_types\":[\"*\"],\"notify_email\":\"owner@example.com\"}", "application/json")
                    .json().get("id").asText();
            api.awaitDelivery(id, api.publish("smtp.auth", "{}"), "failed");
            check.accept(smtp);
            receiver.answer(WebhookReceiver.ok());
            api.awaitDelivery(id, api.publish("still.delivered", "{}"), "succeeded");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void smtpAuthenticationUsesTheConfiguredCredentials() throws Exception {
        failOnceWithSmtpPassword("s3cret-pass", smtp -> {
            assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
            try {
                assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("owner@example.com");
            } catch (jakarta.mail.MessagingException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aWrongSmtpPasswordSendsNothingAndDeliveryGoesOn() throws Exception {
        failOnceWithSmtpPassword("wrong", smtp -> assertThat(smtp.waitForIncomingEmail(1_500, 1)).isFalse());
    }
}
