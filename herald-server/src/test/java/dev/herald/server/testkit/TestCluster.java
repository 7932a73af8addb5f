package dev.herald.server.testkit;

import dev.herald.core.auth.TokenIssuer;
import dev.herald.core.webhook.HostResolver;
import dev.herald.server.Herald;
import dev.herald.server.config.HeraldConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several Herald nodes in this JVM on one PostgreSQL database and one Redis, each on its own port and data
 * directory, in dev mode: the first node mints the admin key into the shared store, the others use it.
 */
public final class TestCluster implements AutoCloseable {
    private final List<Herald> nodes = new ArrayList<>();
    private final List<Map<String, String>> settings = new ArrayList<>();
    private final String adminKey;

    private TestCluster(String postgresUrl, String redisUrl, int size, Map<String, String> overrides) {
        try {
            for (int i = 0; i < size; i++) {
                Map<String, String> s = new HashMap<>();
                s.put("server.port", "0");
                s.put("data_dir", Files.createTempDirectory("herald-node").toString());
                s.put("auth.jwt_secret", TestServer.JWT_SECRET);
                s.put("node_id", "node" + (i + 1));
                s.put("store", "postgres");
                s.put("postgres.url", postgresUrl);
                s.put("broker", "redis");
                s.put("redis.url", redisUrl);
                s.putAll(overrides);
                settings.add(s);
                nodes.add(Herald.embedded(HeraldConfig.of(s), HostResolver.system()));
            }
        } catch (IOException e) {
            close();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        // The first node of a fresh cluster mints the dev admin key; joining an existing one, bring your own.
        this.adminKey = nodes.get(0).mintedAdminKey().orElse(null);
    }

    public static TestCluster start(String postgresUrl, String redisUrl, int size, Map<String, String> overrides) {
        return new TestCluster(postgresUrl, redisUrl, size, overrides);
    }

    public int size() {
        return nodes.size();
    }

    public Herald node(int i) {
        return nodes.get(i);
    }

    public String http(int i) {
        return "http://127.0.0.1:" + nodes.get(i).port();
    }

    public HttpApiClient api(int i) {
        return new HttpApiClient(http(i), adminKey);
    }

    public HttpApiClient api(int i, String key) {
        return new HttpApiClient(http(i), key);
    }

    public String adminKey() {
        return adminKey;
    }

    /** A connection to node {@code i} as {@code sub} of tenant {@code default}. */
    public WsClient connect(int i, String pathAndQuery, String sub) {
        String token = new TokenIssuer(TestServer.JWT_SECRET).issue(sub, "default", Duration.ofHours(1), List.of(), null);
        return WsClient.connect("ws://127.0.0.1:" + nodes.get(i).port() + pathAndQuery, Map.of("Authorization", "Bearer " + token));
    }

    /** Stops node {@code i} gracefully and starts it again with the same settings (a new port). */
    public void restart(int i) {
        nodes.get(i).close();
        nodes.set(i, Herald.embedded(HeraldConfig.of(settings.get(i)), HostResolver.system()));
    }

    @Override
    public void close() {
        for (Herald h : nodes) {
            try {
                h.close();
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
    }
}
