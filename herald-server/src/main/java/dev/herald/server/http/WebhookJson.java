package dev.herald.server.http;

import dev.herald.core.event.Timestamps;
import dev.herald.core.webhook.Attempt;
import dev.herald.core.webhook.Delivery;
import dev.herald.core.webhook.DeliveryStore;
import dev.herald.core.webhook.Endpoint;
import dev.herald.server.webhook.WebhookService;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the webhook API (SPEC §7). Secrets appear only in the answers that mint them. */
final class WebhookJson {
    private WebhookJson() {
    }

    static Map<String, Object> endpoint(Endpoint e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("url", e.url());
        m.put("event_types", e.eventTypes());
        m.put("description", e.description());
        m.put("notify_email", e.notifyEmail());
        m.put("disabled", e.disabled());
        m.put("disabled_at", time(e.disabledAt()));
        m.put("disabled_reason", e.disabledReason());
        m.put("created_at", time(e.createdAt()));
        m.put("updated_at", time(e.updatedAt()));
        boolean overlap = e.liveSecrets(Instant.now()).previous() != null;
        m.put("rotation_overlap_until", overlap ? time(e.overlapUntil()) : null);
        return m;
    }

    static Map<String, Object> created(WebhookService.Created c) {
        Map<String, Object> m = endpoint(c.endpoint());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.remove("id"));
        out.put("secret", c.secret().value());
        out.putAll(m);
        return out;
    }

    static Map<String, Object> rotated(WebhookService.Rotated r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.endpoint().id());
        m.put("secret", r.secret().value());
        m.put("rotation_overlap_until", time(r.endpoint().overlapUntil()));
        return m;
    }

    static Map<String, Object> endpoints(List<Endpoint> list) {
        List<Object> data = new ArrayList<>(list.size());
        list.forEach(e -> data.add(endpoint(e)));
        return Map.of("data", data);
    }

    static Map<String, Object> delivery(Delivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("event_id", d.eventId());
        m.put("endpoint_id", d.endpointId());
        m.put("event_type", d.eventType());
        m.put("status", d.status().wireName());
        m.put("attempt_count", d.attemptCount());
        m.put("next_attempt_at", time(d.nextAttemptAt()));
        m.put("created_at", time(d.createdAt()));
        List<Object> attempts = new ArrayList<>(d.attempts().size());
        for (Attempt a : d.attempts()) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("at", time(a.at()));
            am.put("status_code", a.statusCode());
            am.put("duration_ms", a.durationMs());
            am.put("response_excerpt", a.responseExcerpt());
            am.put("error", a.error() == null ? null : a.error().wireName());
            attempts.add(am);
        }
        m.put("attempts", attempts);
        m.put("payload", d.payload());
        return m;
    }

    static Map<String, Object> page(DeliveryStore.Page page) {
        List<Object> data = new ArrayList<>(page.data().size());
        page.data().forEach(d -> data.add(delivery(d)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("next_cursor", page.nextCursor());
        return m;
    }

    private static String time(Instant at) {
        return at == null ? null : Timestamps.format(at);
    }
}
