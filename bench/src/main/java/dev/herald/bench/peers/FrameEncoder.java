package dev.herald.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a publish body ({@code {"events":[…]}} or one event) into {@code /ws/events} frames, the same JSON
 * Herald sends, each encoded once. Shared by every peer server so that the comparison measures the stacks'
 * fan-out, not their JSON handling. No validation, storage or durability: a peer is a lower bound.
 */
final class FrameEncoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicLong seq = new AtomicLong();

    /** A frame and the user its event names ({@code "user"}), or null when it is for everyone. */
    record Routed(byte[] frame, String user) {
    }

    List<byte[]> encode(byte[] body) throws IOException {
        return encodeRouted(body).stream().map(Routed::frame).toList();
    }

    List<Routed> encodeRouted(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        JsonNode events = root.has("events") ? root.get("events") : JSON.createArrayNode().add(root);
        List<Routed> frames = new ArrayList<>(events.size());
        String now = Instant.now().toString();
        for (JsonNode e : events) {
            long n = seq.incrementAndGet();
            ObjectNode f = JSON.createObjectNode();
            f.put("type", e.path("type").asText("bench.tick"));
            f.put("timestamp", now);
            f.set("data", e.path("data"));
            f.put("id", "evt_" + n);
            f.put("seq", n);
            JsonNode user = e.get("user");
            frames.add(new Routed(JSON.writeValueAsBytes(f), user == null || user.isNull() ? null : user.asText()));
        }
        return frames;
    }

    static byte[] accepted(int n) {
        return ("{\"accepted\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    }
}
