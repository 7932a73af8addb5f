package dev.herald.server.webhook;

import dev.herald.core.webhook.Attempt;
import dev.herald.core.webhook.DeliveryStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Webhook meters: {@code herald_webhook_attempts{outcome}} (success, http_error or the attempt error's wire
 * name), {@code herald_webhook_attempt_duration_seconds} (a histogram) and settled deliveries as
 * {@code herald_deliveries{channel="webhook",outcome="succeeded|failed"}}, beside the WebSocket ones, and endpoints
 * disabled for failing as {@code herald_webhook_endpoints_auto_disabled}.
 */
final class WebhookMetrics {
    private final MeterRegistry registry;
    private final Timer latency;
    private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
    private final Counter succeeded;
    private final Counter failed;
    private final Counter autoDisabled;

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("herald_webhook_attempt_duration")
                .description("Duration of webhook delivery attempts, connect to full answer")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        this.succeeded = Counter.builder("herald_deliveries").tags("channel", "webhook", "outcome", "succeeded")
                .register(registry);
        this.failed = Counter.builder("herald_deliveries").tags("channel", "webhook", "outcome", "failed")
                .register(registry);
        this.autoDisabled = Counter.builder("herald_webhook_endpoints_auto_disabled")
                .description("Webhook endpoints disabled after webhooks.disable_after of continuous failure")
                .register(registry);
    }

    void autoDisabled() {
        autoDisabled.increment();
    }

    void attempt(Attempt a, DeliveryStatus settled) {
        String outcome = a.succeeded() ? "success" : a.error() != null ? a.error().wireName() : "http_error";
        attempts.computeIfAbsent(outcome, o -> Counter.builder("herald_webhook_attempts").tags("outcome", o)
                .description("Webhook delivery attempts by outcome").register(registry)).increment();
        latency.record(Duration.ofMillis(a.durationMs()));
        if (settled == DeliveryStatus.SUCCEEDED) {
            succeeded.increment();
        } else if (settled == DeliveryStatus.FAILED) {
            failed.increment();
        }
    }
}
