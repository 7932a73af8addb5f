package dev.herald.server.webhook;

import dev.herald.core.webhook.HostResolver;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #13 item 7 (d): a resolver that hangs for one endpoint's host holds up no other endpoint's deliveries. */
class WebhookSlowDnsTest {

    @Test
    void aHostWhoseLookupHangsDoesNotStallDeliveriesToOtherEndpoints() throws Exception {
        AtomicBoolean hanging = new AtomicBoolean();
        CountDownLatch resolverReleased = new CountDownLatch(1);
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        HostResolver dns = host -> {
            if (host.equals("slow-dns.test") && hanging.get()) {
                try {
                    resolverReleased.await(60, TimeUnit.SECONDS); // a resolver that does not answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return List.of(loopback);
        };
        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestServer server = TestServer.start(Map.of("webhooks.timeout", "2s", "webhooks.retry_schedule", "1h"), dns)) {
            WebhookApi api = new WebhookApi(server.api());
            int port = java.net.URI.create(receiver.url()).getPort();
            api.create("http://slow-dns.test:" + port + "/slow", "*");
            api.create(receiver.url("/fine"), "*");
            hanging.set(true);
            try {
                int events = 40; // four times the per-endpoint concurrency, ten times the dispatcher's workers
                for (int i = 0; i < events; i++) {
                    api.publish("both.endpoints", "{\"n\":" + i + "}");
                }
                receiver.awaitRequests(events, Duration.ofSeconds(15));
                assertThat(receiver.requests()).filteredOn(r -> r.path().equals("/fine")).hasSize(events);
                assertThat(receiver.requests()).noneMatch(r -> r.path().equals("/slow"));
            } finally {
                resolverReleased.countDown();
            }
        }
    }
}
