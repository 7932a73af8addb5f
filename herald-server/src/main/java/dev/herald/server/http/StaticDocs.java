package dev.herald.server.http;

import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Serves the API documents bundled in the jar ({@code /openapi.yaml}, {@code /asyncapi.yaml}). */
final class StaticDocs {
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private StaticDocs() {
    }

    static void serve(RoutingContext rc, String name) {
        byte[] bytes = CACHE.computeIfAbsent(name, StaticDocs::load);
        if (bytes.length == 0) {
            rc.fail(404);
            return;
        }
        rc.response().putHeader("Content-Type", "application/yaml; charset=utf-8")
                .end(io.vertx.core.buffer.Buffer.buffer(bytes));
    }

    private static byte[] load(String name) {
        try (InputStream in = StaticDocs.class.getResourceAsStream("/docs/" + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
