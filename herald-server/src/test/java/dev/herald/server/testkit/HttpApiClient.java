package dev.herald.server.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.json.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client for Herald's API, authenticated with one API key (or none). */
public final class HttpApiClient {
    // HTTP/1.1 like curl and the seeds' clients (no h2c upgrade dance on plain http).
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;

    public HttpApiClient(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public record Response(int status, String body) {
        public JsonNode json() {
            return Json.parseOrNull(body);
        }

        public String errorCode() {
            JsonNode j = json();
            return j == null ? null : j.path("error").path("code").asText(null);
        }
    }

    public Response publish(String jsonBody) {
        return post("/api/v1/events", jsonBody, "application/json");
    }

    /** Publishes {@code {"type": type, "data": dataJson}} and returns the response. */
    public Response publishEvent(String type, String dataJson) {
        return publish("{\"type\":\"" + type + "\",\"data\":" + dataJson + "}");
    }

    public Response post(String path, String body, String contentType) {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    public Response patch(String path, String body) {
        return send(request(path).method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build());
    }

    public Response delete(String path) {
        return send(request(path).DELETE().build());
    }

    public Response get(String path) {
        return send(request(path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    /**
     * Sends and waits at most 35 s in all: the request's own 30 s timeout did not fire once on JDK 17 (a test
     * waited 8 minutes for a response), so the wait is also bounded here, and a hang fails the test instead.
     */
    private static Response send(HttpRequest r) {
        java.util.concurrent.CompletableFuture<HttpResponse<String>> f = CLIENT.sendAsync(r, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> resp = f.get(35, java.util.concurrent.TimeUnit.SECONDS);
            return new Response(resp.statusCode(), resp.body());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            throw new IllegalStateException("no response within 35 s: " + r.method() + " " + r.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
