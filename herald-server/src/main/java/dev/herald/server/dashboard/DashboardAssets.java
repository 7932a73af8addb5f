package dev.herald.server.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's front end, bundled in the jar under {@code /dashboard/}: read once at start, so serving never
 * touches the disk (or the jar) on an event loop. Only the files named in {@link #FILES} exist. Immutable.
 */
public final class DashboardAssets {
    static final String[] FILES = {"index.html", "login.html", "style.css", "app.js", "api.js", "spark.js",
            "overview.js", "events.js", "webhooks.js", "logs.js"};
    private final Map<String, Buffer> files = new TreeMap<>();

    public DashboardAssets() {
        for (String name : FILES) {
            try (InputStream in = DashboardAssets.class.getResourceAsStream("/dashboard/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks the dashboard's " + name);
                }
                files.put(name, Buffer.buffer(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Serves {@code name}, or 404 for any name not bundled. */
    void serve(RoutingContext rc, String name) {
        Buffer body = name == null || name.equals("login.html") ? null : files.get(name);
        if (body == null) {
            rc.fail(404);
            return;
        }
        rc.response().putHeader("Content-Type", type(name)).end(body);
    }

    /** A bundled text file, for the sign-in page's template. */
    String text(String name) {
        return files.get(name).toString(StandardCharsets.UTF_8);
    }

    private static String type(String name) {
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/html; charset=utf-8";
    }
}
