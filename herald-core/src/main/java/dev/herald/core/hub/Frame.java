package dev.herald.core.hub;

import dev.herald.core.event.Event;
import dev.herald.core.event.EventTypes;
import dev.herald.core.event.Timestamps;
import dev.herald.core.json.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One event encoded once for every recipient: the JSON text of a {@code /ws/events} message and its UTF-8
 * bytes. Immutable and shared between connections and threads.
 *
 * @param tenant the tenant whose subscribers get it, or null for a system frame that goes to every tenant
 * @param user   the target user, or null for a broadcast
 * @param seq    the event's seq, or {@link Event#NO_SEQ}
 */
public record Frame(String tenant, String user, String type, long seq, String text, byte[] utf8) {

    public static Frame of(Event e) {
        StringBuilder sb = new StringBuilder(96 + e.dataJson().length());
        sb.append("{\"type\":").append(Json.quote(e.type()))
                .append(",\"timestamp\":\"").append(Timestamps.format(e.timestamp())).append('"')
                .append(",\"data\":").append(e.dataJson())
                .append(",\"id\":").append(Json.quote(e.id()))
                .append(",\"seq\":").append(e.seq())
                .append('}');
        String text = sb.toString();
        return new Frame(e.tenant(), e.user(), e.type(), e.seq(), text, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code system_status} frame for every connected client of every tenant; never stored, no seq. */
    public static Frame systemStatus(String status, String node, Instant at) {
        String text = "{\"type\":\"" + EventTypes.SYSTEM_STATUS + "\",\"timestamp\":\"" + Timestamps.format(at)
                + "\",\"data\":{\"status\":" + Json.quote(status) + ",\"node\":" + Json.quote(node) + "}}";
        return new Frame(null, null, EventTypes.SYSTEM_STATUS, Event.NO_SEQ, text, text.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isSystem() {
        return tenant == null;
    }

    public int size() {
        return utf8.length;
    }
}
