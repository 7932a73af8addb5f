package dev.herald.server.cli;

import dev.herald.core.json.Json;
import dev.herald.server.bootstrap.DevBootstrap;
import dev.herald.server.config.HeraldConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald publish}: POSTs one event to a running server. */
@Command(name = "publish", description = "Publish one event to a running server.")
final class PublishCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--type", required = true, description = "event type, e.g. threat_detected")
    String type;

    @Option(names = "--data", defaultValue = "{}", description = "event data, a JSON object")
    String data;

    @Option(names = "--user", description = "target user (default: broadcast to the tenant)")
    String user;

    @Option(names = "--id", description = "event id (idempotency key); minted when absent")
    String id;

    @Option(names = "--url", description = "server base URL (default: from config)")
    String url;

    @Option(names = "--key", description = "API key (default: $HERALD_API_KEY, then the dev admin key in data_dir)")
    String key;

    @Override
    public Integer call() throws Exception {
        HeraldConfig cfg = options.load();
        String apiKey = key != null ? key : System.getenv("HERALD_API_KEY");
        if (apiKey == null) {
            apiKey = DevBootstrap.savedAdminKey(cfg.dataDir()).orElse(null);
        }
        if (apiKey == null) {
            System.err.println("herald: no API key: pass --key or set HERALD_API_KEY");
            return 2;
        }
        if (Json.parseOrNull(data) == null) {
            System.err.println("herald: --data is not valid JSON");
            return 2;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        if (id != null) {
            event.put("id", id);
        }
        event.put("type", type);
        if (user != null) {
            event.put("user", user);
        }
        event.put("data", Json.MAPPER.readTree(data));
        String base = url != null ? url : options.baseUrl(cfg);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(event))).build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            System.err.println("herald: cannot reach " + base + " (is the server running?)");
            return 1;
        }
        (response.statusCode() == 202 ? System.out : System.err).println(response.body());
        return response.statusCode() == 202 ? 0 : 1;
    }
}
