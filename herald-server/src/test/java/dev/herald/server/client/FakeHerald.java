package dev.herald.server.client;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A scripted WebSocket server standing in for Herald (Vert.x, as the JDK has no WebSocket server): it records
 * what the client sends and runs {@code onConnect} for each connection, so a test can send frames Herald never
 * would.
 */
final class FakeHerald implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final LinkedBlockingQueue<ServerWebSocket> sockets = new LinkedBlockingQueue<>();
    /** Every text message from any client, in arrival order. */
    final List<String> received = new CopyOnWriteArrayList<>();
    /** The request URIs of the upgrades, in order. */
    final List<String> upgrades = new CopyOnWriteArrayList<>();

    FakeHerald(Consumer<ServerWebSocket> onConnect) {
        server = vertx.createHttpServer().webSocketHandler(ws -> {
            upgrades.add(ws.uri());
            ws.textMessageHandler(received::add);
            sockets.add(ws);
            onConnect.accept(ws);
        }).listen(0, "127.0.0.1").await();
    }

    String url(String path) {
        return "ws://127.0.0.1:" + server.actualPort() + path;
    }

    /** The next connection, waiting up to 10 s. */
    ServerWebSocket nextSocket() throws InterruptedException {
        ServerWebSocket ws = sockets.poll(10, TimeUnit.SECONDS);
        if (ws == null) {
            throw new AssertionError("no connection within 10 s");
        }
        return ws;
    }

    /** Runs {@code action} on the socket's event loop, as Vert.x wants writes made. */
    void on(ServerWebSocket ws, Consumer<ServerWebSocket> action) {
        vertx.runOnContext(v -> action.accept(ws));
    }

    static Buffer binary(String s) {
        return Buffer.buffer(s);
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
