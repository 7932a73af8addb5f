package dev.herald.server.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.json.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) that records every text message and the close code. Note that the
 * JDK client answers protocol pings by itself.
 */
public final class WsClient implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final WebSocket ws;

    public record Close(int code, String reason) {
    }

    private WsClient(String url, Map<String, String> headers) {
        WebSocket.Builder b = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        this.ws = b.buildAsync(URI.create(url), new Listener()).join();
    }

    public static WsClient connect(String url, Map<String, String> headers) {
        return new WsClient(url, headers);
    }

    public void send(String text) {
        ws.sendText(text, true).join();
    }

    /** The next message, parsed; fails after 10 s. */
    public JsonNode next() {
        return next(Duration.ofSeconds(10));
    }

    public JsonNode next(Duration timeout) {
        try {
            String m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("no message within " + timeout + (closed.isDone() ? "; closed " + closed.join() : ""));
            }
            return Json.parseOrNull(m);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message whose {@code type} is {@code type}, skipping others (e.g. system_status). */
    public JsonNode nextOfType(String type) {
        return nextMatching(m -> type.equals(m.path("type").asText()));
    }

    public JsonNode nextMatching(Predicate<JsonNode> p) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode m = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (p.test(m)) {
                return m;
            }
        }
        throw new AssertionError("no matching message");
    }

    /** Messages that arrive within {@code window}, parsed. */
    public List<JsonNode> drain(Duration window) {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return out;
            }
            try {
                String m = messages.poll(left, TimeUnit.NANOSECONDS);
                if (m != null) {
                    out.add(Json.parseOrNull(m));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return out;
            }
        }
    }

    /** The close the server sent; fails after 10 s. */
    public Close awaitClose() {
        return awaitClose(Duration.ofSeconds(10));
    }

    public Close awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection not closed within " + timeout);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            try {
                ws.sendClose(1000, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                ws.abort();
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closed.complete(new Close(code, reason));
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            closed.complete(new Close(1006, String.valueOf(error)));
        }
    }
}
