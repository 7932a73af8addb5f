package dev.herald.server.cli;

import dev.herald.client.HeraldClient;
import dev.herald.core.auth.TokenIssuer;
import dev.herald.server.bootstrap.DevBootstrap;
import dev.herald.server.config.HeraldConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.StringJoiner;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code herald tail}: subscribes to {@code /ws/events} and prints each event as a line of JSON, surviving
 * server restarts without losing or repeating events (see {@link EventTail}); with {@code --logs}, follows
 * {@code /logs/ws} instead and prints each log entry as a line coloured by level.
 */
@Command(name = "tail", description = "Subscribe to /ws/events (or /logs/ws with --logs) and print what arrives.")
final class TailCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--types", split = ",", description = "event types to subscribe to (default: all)")
    List<String> types;

    @Option(names = "--sub", defaultValue = "cli", description = "user to connect as (default: ${DEFAULT-VALUE})")
    String sub;

    @Option(names = "--tenant", defaultValue = "default", description = "tenant (default: ${DEFAULT-VALUE})")
    String tenant;

    @Option(names = "--token", description = "JWT to use (default: one minted with the server's secret)")
    String token;

    @Option(names = "--url", description = "server base URL (default: from config)")
    String url;

    @Option(names = "--since", description = "first print the events after this seq still in history")
    Long since;

    @Option(names = "--logs", description = "follow the live log stream (/logs/ws) instead, coloured by level "
            + "(no colour when stdout is not a terminal or NO_COLOR is set)")
    boolean logs;

    @Option(names = "--repository", description = "with --logs: only entries of this owner/repo")
    String repository;

    @Option(names = "--level", description = "with --logs: only entries of this level (DEBUG, INFO, WARNING, ERROR)")
    String level;

    @Option(names = "--hook-id", description = "with --logs: only entries of this GitHub delivery id")
    String hookId;

    @Option(names = "--pr-number", description = "with --logs: only entries of this pull request")
    String prNumber;

    @Option(names = "--event-type", description = "with --logs: only entries of this GitHub event type")
    String eventType;

    @Option(names = "--github-user", description = "with --logs: only entries of this GitHub user")
    String githubUser;

    @Option(names = "--tail", description = "with --logs: first print the last N matching entries on disk (at most 10000)")
    Integer tail;

    @Option(names = "--limit", description = "with --logs: exit after printing N entries (default: follow until closed)")
    Integer limit;

    @Override
    public Integer call() throws Exception {
        HeraldConfig cfg = options.load();
        String secret = token != null ? null
                : DevBootstrap.jwtSecret(cfg, dev.herald.server.store.StoreBackend.secretsOf(cfg)).orElse(null);
        if (token == null && secret == null) {
            System.err.println("herald: pass --token (no JWT secret available to mint one)");
            return 2;
        }
        String base = (url != null ? url : options.baseUrl(cfg)).replaceFirst("^http", "ws");
        if (logs) {
            return followLogs(base, token != null ? token : mint(secret, List.of("logs:read")));
        }
        HeraldClient.Builder client = HeraldClient.builder(URI.create(base + "/ws/events"));
        if (token != null) {
            client.token(token);
        } else {
            client.tokenSupplier(() -> mint(secret, List.of())); // a fresh one for each reconnect and before expiry
        }
        if (since != null) {
            client.since(since);
        }
        return new EventTail(System.out, System.err).run(client, types == null ? List.of() : types);
    }

    private String mint(String secret, List<String> scopes) {
        return new TokenIssuer(secret).issue(sub, tenant, Duration.ofDays(1), scopes, null);
    }

    private int followLogs(String base, String credential) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        LogLineFormat format = new LogLineFormat(LogLineFormat.colorWanted(System.console() != null, System.getenv()));
        HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + credential)
                .buildAsync(URI.create(base + "/logs/ws" + logsQuery()),
                        new LogPrinter(format, limit, System.out, System.err, done)).join();
        return done.join();
    }

    /** The filters and tail as the query string of /logs/ws. */
    String logsQuery() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("repository", repository);
        params.put("level", level);
        params.put("hook_id", hookId);
        params.put("pr_number", prNumber);
        params.put("event_type", eventType);
        params.put("github_user", githubUser);
        params.put("tail", tail);
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        params.forEach((k, v) -> {
            if (v != null) {
                q.add(k + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }
}
