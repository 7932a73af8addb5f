package dev.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.json.Json;

import java.io.PrintStream;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Prints each {@code /logs/ws} entry as one line ({@link LogLineFormat}); the server's
 * {@code {"error": …}} message goes to stderr. Completes {@code done} with the exit code: 0 when the server
 * closes normally (1000, 1001) or {@code limit} entries were printed, 1 otherwise.
 */
final class LogPrinter implements WebSocket.Listener {
    private final LogLineFormat format;
    private final Integer limit;
    private final PrintStream out;
    private final PrintStream err;
    private final CompletableFuture<Integer> done;
    private final StringBuilder partial = new StringBuilder();
    private int printed;

    LogPrinter(LogLineFormat format, Integer limit, PrintStream out, PrintStream err, CompletableFuture<Integer> done) {
        this.format = format;
        this.limit = limit;
        this.out = out;
        this.err = err;
        this.done = done;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            print(partial.toString());
            partial.setLength(0);
            if (limit != null && printed >= limit) {
                done.complete(0);
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
                return null;
            }
        }
        ws.request(1);
        return null;
    }

    private void print(String text) {
        JsonNode entry = Json.parseOrNull(text);
        if (entry == null || !entry.isObject()) {
            out.println(text);
        } else if (entry.has("error") && !entry.has("message")) {
            err.println("herald: " + entry.path("error").asText());
            return;
        } else {
            out.println(format.format(entry));
        }
        out.flush();
        printed++;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        boolean normal = code == WebSocket.NORMAL_CLOSURE || code == 1001;
        if (!normal) {
            err.println("closed: " + code + " " + reason);
        }
        done.complete(normal ? 0 : 1);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        err.println("herald: " + error.getMessage());
        done.complete(1);
    }
}
