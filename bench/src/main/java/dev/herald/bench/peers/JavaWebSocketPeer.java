package dev.herald.bench.peers;

import com.sun.net.httpserver.HttpServer;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The JDK's HttpServer (which cannot upgrade to WebSocket) for {@code POST /api/v1/events} on PORT+1, and
 * the Java-WebSocket library for {@code /ws/events} on PORT. {@code broadcast(String)} builds the frame once
 * and queues it on every connection.
 */
final class JavaWebSocketPeer extends WebSocketServer {
    private final FrameEncoder encoder = new FrameEncoder();

    private JavaWebSocketPeer(int port, int decoders) {
        super(new InetSocketAddress("127.0.0.1", port), decoders);
        setTcpNoDelay(true);
        setReuseAddr(true);
    }

    static void start(int port, int loops) throws IOException {
        JavaWebSocketPeer ws = new JavaWebSocketPeer(port, loops);
        ws.start();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port + 1), 256);
        http.setExecutor(Executors.newFixedThreadPool(loops));
        http.createContext("/api/v1/events", exchange -> {
            byte[] reply;
            try (exchange) {
                List<byte[]> frames = ws.encoder.encode(exchange.getRequestBody().readAllBytes());
                for (byte[] f : frames) {
                    ws.broadcast(new String(f, StandardCharsets.UTF_8));
                }
                reply = FrameEncoder.accepted(frames.size());
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(202, reply.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply);
                }
            }
        });
        http.start();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        System.err.println("javaws peer: " + ex);
    }

    @Override
    public void onStart() {
    }
}
