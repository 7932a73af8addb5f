package dev.herald.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.webhook.HostResolver;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** DNS rebinding: a host that was public at creation and resolves to a private address later is refused at send time. */
class WebhookTargetGuardAtSendTimeTest {

    @Test
    void aHostThatRebindsToAPrivateAddressFailsEveryAttemptWithForbiddenTarget() throws Exception {
        AtomicBoolean rebound = new AtomicBoolean();
        InetAddress publicAddress = InetAddress.getByAddress("rebind.example", new byte[] {93, (byte) 184, (byte) 216, 34});
        InetAddress loopback = InetAddress.getByAddress("rebind.example", new byte[] {127, 0, 0, 1});
        HostResolver dns = host -> List.of(rebound.get() ? loopback : publicAddress);
        try (TestServer server = TestServer.start(Map.of("mode", "production", "webhooks.retry_schedule", "100ms"), dns)) {
            WebhookApi api = new WebhookApi(server.api());
            JsonNode endpoint = api.create("https://rebind.example/hook", "*");
            rebound.set(true);
            String eventId = api.publish("after.rebind", "{}");
            JsonNode d = api.awaitDelivery(endpoint.get("id").asText(), eventId, "failed");
            assertThat(d.get("attempts")).hasSize(2).allSatisfy(a -> {
                assertThat(a.get("error").asText()).isEqualTo("forbidden_target");
                assertThat(a.get("status_code").isNull()).isTrue();
            });
        }
    }
}
