package dev.herald.server.ws;

import dev.herald.core.event.Timestamps;
import dev.herald.core.json.Json;
import dev.herald.protocol.ReplyType;

import java.time.Instant;
import java.util.Collection;

/** The JSON texts Herald sends to WebSocket clients besides events; their names are {@link ReplyType}'s. */
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
        return head(ReplyType.PONG.wire()) + "}";
    }

    public static String ping() {
        return head(ReplyType.PING.wire()) + "}";
    }

    public static String connected() {
        return "{\"type\":\"" + ReplyType.CONNECTED.wire() + "\",\"message\":\"Connected to event stream\",\"timestamp\":\""
                + Timestamps.format(Timestamps.now()) + "\"}";
    }

    public static String refreshed(Instant expiresAt) {
        return head(ReplyType.REFRESHED.wire()) + ",\"data\":{\"expires_at\":\"" + Timestamps.format(expiresAt) + "\"}}";
    }

    public static String recoveryFailed(long from) {
        return head(ReplyType.RECOVERY_FAILED.wire()) + ",\"data\":{\"from\":" + from + "}}";
    }

    public static String error(String code, String detail) {
        return head(ReplyType.ERROR.wire()) + ",\"data\":{\"code\":" + Json.quote(code) + ",\"detail\":" + Json.quote(detail) + "}}";
    }
}
