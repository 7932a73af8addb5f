package dev.herald.client;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Receives one socket's frames on the HTTP client's threads and hands whole messages to the client thread.
 * The next message is requested only once the last one was handled there, so a slow handler holds the socket
 * (and eventually the server's queue, which then closes 4008 and the client resumes) instead of memory here.
 */
final class FrameListener implements WebSocket.Listener {
    private final ClientEngine engine;
    private final int generation;
    /** Far above anything Herald sends (events carry at most 64 KiB of data): a larger message is dropped. */
    static final int MAX_MESSAGE_CHARS = 4 << 20;

    private final StringBuilder partial = new StringBuilder();
    /** True while the rest of an oversized message is being skipped. */
    private boolean skipping;

    FrameListener(ClientEngine engine, int generation) {
        this.engine = engine;
        this.generation = generation;
    }

    @Override
    public void onOpen(WebSocket ws) {
        boolean taken = engine.post(() -> {
            engine.onOpen(generation, ws);
            ws.request(1);
        });
        if (!taken) {
            ws.abort(); // the client finished while this attempt was connecting
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        if (!skipping && partial.length() + data.length() > MAX_MESSAGE_CHARS) {
            skipping = true;
            partial.setLength(0);
            partial.trimToSize();
            engine.post(() -> engine.onMalformed(generation, "a message over " + MAX_MESSAGE_CHARS + " characters"));
        }
        if (!skipping) {
            partial.append(data);
        }
        if (!last || skipping) {
            skipping = skipping && !last;
            ws.request(1);
            return null;
        }
        String text = partial.toString();
        partial.setLength(0);
        engine.post(() -> {
            engine.onText(generation, text);
            ws.request(1);
        });
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        if (last) {
            engine.post(() -> engine.onMalformed(generation, "a binary frame"));
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        engine.post(() -> engine.onClosed(generation, code, reason));
        return null; // the JDK answers the close at once
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        engine.post(() -> engine.onClosed(generation, 1006, describe(error)));
    }

    static String describe(Throwable error) {
        Throwable t = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
