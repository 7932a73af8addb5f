package dev.herald.core.hub;

import dev.herald.core.event.Event;
import dev.herald.core.event.EventTypes;
import dev.herald.core.event.Timestamps;
import dev.herald.core.json.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One event encoded once for every recipient: the UTF-8 bytes of its {@code /ws/events} JSON message, plus — computed
 * on first use, once — its Server-Sent Events form. Shared between connections and threads; immutable apart from
 * that cache.
 *
 * <p>Only the bytes are kept, not the text as well: frames are held in each tenant's history, and at 10,000 events/s
 * the last second of them is what every young collection copies (docs/benchmarks.md, round four).
 */
public final class Frame {
    private final String tenant;
    private final String user;
    private final String type;
    private final long seq;
    private final byte[] utf8;
    private volatile byte[] sse;

    private Frame(String tenant, String user, String type, long seq, String text) {
        this.tenant = tenant;
        this.user = user;
        this.type = type;
        this.seq = seq;
        this.utf8 = text.getBytes(StandardCharsets.UTF_8);
    }

    public static Frame of(Event e) {
        // 64: the field names, the timestamp and the seq; sized so that the builder never grows
        StringBuilder sb = new StringBuilder(64 + e.type().length() + e.id().length() + e.dataJson().length());
        Json.appendQuoted(sb.append("{\"type\":"), e.type())
                .append(",\"timestamp\":\"").append(Timestamps.format(e.timestamp())).append('"')
                .append(",\"data\":").append(e.dataJson());
        Json.appendQuoted(sb.append(",\"id\":"), e.id())
                .append(",\"seq\":").append(e.seq())
                .append('}');
        return new Frame(e.tenant(), e.user(), e.type(), e.seq(), sb.toString());
    }

    /**
     * Rebuilds a frame received from another node (see {@code FrameCodec}); {@code text} is the complete JSON
     * message as {@link #of(Event)} or {@link #systemStatus} made it. {@code tenant} is null for a system frame.
     */
    public static Frame of(String tenant, String user, String type, long seq, String text) {
        if (type == null || text == null) {
            throw new IllegalArgumentException("a frame needs a type and a text");
        }
        return new Frame(tenant, user, type, seq, text);
    }

    /** A {@code system_status} frame for every connected client of every tenant; never stored, no seq. */
    public static Frame systemStatus(String status, String node, Instant at) {
        return systemStatus(status, node, at, null);
    }

    /**
     * As {@link #systemStatus(String, String, Instant)}, with {@code data.changed}: the configuration keys a reload
     * applied ({@code "config_change"}); omitted when null.
     */
    public static Frame systemStatus(String status, String node, Instant at, List<String> changed) {
        StringBuilder data = new StringBuilder("{\"status\":").append(Json.quote(status))
                .append(",\"node\":").append(Json.quote(node));
        if (changed != null) {
            data.append(",\"changed\":[");
            for (int i = 0; i < changed.size(); i++) {
                data.append(i == 0 ? "" : ",").append(Json.quote(changed.get(i)));
            }
            data.append(']');
        }
        String text = "{\"type\":\"" + EventTypes.SYSTEM_STATUS + "\",\"timestamp\":\"" + Timestamps.format(at)
                + "\",\"data\":" + data + "}}";
        return new Frame(null, null, EventTypes.SYSTEM_STATUS, Event.NO_SEQ, text);
    }

    /** The tenant whose subscribers get it, or null for a system frame that goes to every tenant. */
    public String tenant() {
        return tenant;
    }

    /** The target user, or null for a broadcast. */
    public String user() {
        return user;
    }

    public String type() {
        return type;
    }

    /** The event's seq, or {@link Event#NO_SEQ}. */
    public long seq() {
        return seq;
    }

    /** The JSON message as text (decoded from {@link #utf8()} at each call). */
    public String text() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    public byte[] utf8() {
        return utf8;
    }

    /** {@code id: <seq>}, {@code event: <type>}, {@code data: <json>} — encoded once, on first use. */
    public byte[] sse() {
        byte[] s = sse;
        if (s == null) {
            String idLine = seq == Event.NO_SEQ ? "" : "id: " + seq + "\n";
            byte[] head = (idLine + "event: " + type + "\ndata: ").getBytes(StandardCharsets.UTF_8);
            s = Arrays.copyOf(head, head.length + utf8.length + 2);
            System.arraycopy(utf8, 0, s, head.length, utf8.length);
            s[s.length - 2] = '\n';
            s[s.length - 1] = '\n';
            sse = s;
        }
        return s;
    }

    public boolean isSystem() {
        return tenant == null;
    }

    public int size() {
        return utf8.length;
    }
}
