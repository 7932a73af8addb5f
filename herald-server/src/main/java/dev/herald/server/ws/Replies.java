package dev.herald.server.ws;

import dev.herald.core.event.Timestamps;
import dev.herald.core.json.Json;

import java.time.Instant;
import java.util.Collection;

/** The JSON texts Herald sends to WebSocket clients besides events. */
public final class Replies {

    private Replies() {
    }

    private static String head(String type) {
        return "{\"type\":\"" + type + "\",\"timestamp\":\"" + Timestamps.format(Timestamps.now()) + "\"";
    }

    public static String subscribed(String type, Collection<String> eventTypes) {
        return head(type) + ",\"data\":{\"event_types\":" + Json.write(eventTypes) + "}}";
    }

    public static String pong() {
        return head("pong") + "}";
    }

    public static String ping() {
        return head("ping") + "}";
    }

    public static String connected() {
        return "{\"type\":\"connected\",\"message\":\"Connected to event stream\",\"timestamp\":\""
                + Timestamps.format(Timestamps.now()) + "\"}";
    }

    public static String refreshed(Instant expiresAt) {
        return head("refreshed") + ",\"data\":{\"expires_at\":\"" + Timestamps.format(expiresAt) + "\"}}";
    }

    public static String recoveryFailed(long from) {
        return head("recovery_failed") + ",\"data\":{\"from\":" + from + "}}";
    }

    public static String error(String code, String detail) {
        return head("error") + ",\"data\":{\"code\":" + Json.quote(code) + ",\"detail\":" + Json.quote(detail) + "}}";
    }
}
