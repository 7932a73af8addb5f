package dev.herald.core.webhook;

import dev.herald.core.event.Event;
import dev.herald.core.event.NewEvent;
import dev.herald.core.event.Timestamps;

import java.nio.charset.StandardCharsets;

/**
 * The body of a webhook request (Kora Sentinel's envelope):
 * {@code {"id":…,"eventType":…,"resourceType":…,"resourceId":…,"tenantId":…,"timestamp":…,"data":{…}}}.
 *
 * <p>Guarantees: the bytes are {@link JsCanonicalJson JS-canonical} UTF-8, so receivers that re-serialize the
 * parsed body hash the same bytes; the keys come in the order above; an absent resource type or id is
 * {@code null}; the timestamp is RFC 3339 UTC with milliseconds. The same event always yields the same bytes,
 * so a delivery can store the body once and sign it afresh for each attempt. Thread-safe; no state.
 */
public final class WebhookEnvelope {
    private WebhookEnvelope() {
    }

    public static byte[] encode(Event event) {
        return encodeToString(event).getBytes(StandardCharsets.UTF_8);
    }

    public static String encodeToString(Event event) {
        return encodeToString(event.tenant(), new NewEvent(event.id(), event.type(), event.user(), event.resourceType(),
                event.resourceId(), event.timestamp(), event.dataJson()));
    }

    /** The body of {@code event} once accepted for {@code tenant}: the envelope carries no seq, so it is known before. */
    public static String encodeToString(String tenant, NewEvent event) {
        String data = event.dataJson() == null ? "{}" : JsCanonicalJson.canonicalize(event.dataJson());
        return "{\"id\":" + JsCanonicalJson.quote(event.id())
                + ",\"eventType\":" + JsCanonicalJson.quote(event.type())
                + ",\"resourceType\":" + nullable(event.resourceType())
                + ",\"resourceId\":" + nullable(event.resourceId())
                + ",\"tenantId\":" + JsCanonicalJson.quote(tenant)
                + ",\"timestamp\":" + JsCanonicalJson.quote(Timestamps.format(event.timestamp()))
                + ",\"data\":" + data
                + "}";
    }

    private static String nullable(String s) {
        return s == null ? "null" : JsCanonicalJson.quote(s);
    }
}
