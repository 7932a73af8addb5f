package dev.herald.server.testkit;

import dev.herald.core.auth.TokenIssuer;
import dev.herald.core.store.ApiKey;
import dev.herald.core.store.ApiKeyStore;
import dev.herald.core.webhook.HostResolver;
import dev.herald.server.Herald;
import dev.herald.server.config.HeraldConfig;
import dev.herald.store.sqlite.SqliteApiKeyStore;
import dev.herald.store.sqlite.SqliteDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Herald on a free port with its own temporary data directory, a fixed JWT secret and a minted admin
 * key for tenant {@code default}. Close it to stop the server.
 */
public final class TestServer implements AutoCloseable {
    public static final String JWT_SECRET = "test-secret-test-secret-test-secret-0123";

    private final Path dataDir;
    private final Map<String, String> settings;
    private Herald herald;
    private final String adminKey;

    private final HostResolver resolver;
    private final java.time.Clock clock;

    private TestServer(Path dataDir, Map<String, String> settings, HostResolver resolver, java.time.Clock clock) {
        this.dataDir = dataDir;
        this.settings = settings;
        this.resolver = resolver;
        this.clock = clock;
        this.herald = Herald.embedded(HeraldConfig.of(settings), resolver, clock);
        // Production mode mints nothing: the test mints the admin key itself.
        this.adminKey = herald.mintedAdminKey().orElseGet(() -> keyStore().create("default",
                EnumSet.of(ApiKey.Scope.PUBLISH, ApiKey.Scope.ADMIN)).plaintext());
    }

    /** A server with default settings. */
    public static TestServer start() {
        return start(Map.of());
    }

    /** A server with {@code overrides} (config paths → values) on top of the test defaults. */
    public static TestServer start(Map<String, String> overrides) {
        try {
            Path dir = Files.createTempDirectory("herald-test");
            return start(dir, overrides);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestServer start(Path dataDir, Map<String, String> overrides) {
        return start(dataDir, overrides, HostResolver.system());
    }

    /** A server whose webhook sender resolves host names with {@code resolver} (a fixed DNS for SSRF tests). */
    public static TestServer start(Map<String, String> overrides, HostResolver resolver) {
        try {
            return start(Files.createTempDirectory("herald-test"), overrides, resolver);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server whose webhook and retention timing follows {@code clock} (a {@link MovableClock} covers days at once). */
    public static TestServer start(Map<String, String> overrides, java.time.Clock clock) {
        try {
            return start(Files.createTempDirectory("herald-test"), overrides, HostResolver.system(), clock);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestServer start(Path dataDir, Map<String, String> overrides, HostResolver resolver) {
        return start(dataDir, overrides, resolver, java.time.Clock.systemUTC());
    }

    public static TestServer start(Path dataDir, Map<String, String> overrides, HostResolver resolver,
                                   java.time.Clock clock) {
        Map<String, String> s = new HashMap<>();
        s.put("server.port", "0");
        s.put("data_dir", dataDir.toString());
        s.put("auth.jwt_secret", JWT_SECRET);
        s.put("node_id", "test-node");
        s.putAll(overrides);
        if ("production".equals(s.get("mode")) && !s.containsKey("webhooks.secret_key_file")) {
            s.put("webhooks.secret_key_file", sealingKeyFile().toString()); // production mints no key
        }
        return new TestServer(dataDir, s, resolver, clock);
    }

    /** A webhook sealing key in its own file, as an operator provides it in production. */
    public static Path sealingKeyFile() {
        try {
            Path file = Files.createTempFile("herald-sealing", ".key");
            Files.writeString(file, java.util.Base64.getEncoder().encodeToString(
                    dev.herald.core.id.Secrets.randomBytes(32)) + "\n");
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return herald.port();
    }

    public String http() {
        return "http://127.0.0.1:" + port();
    }

    public String ws() {
        return "ws://127.0.0.1:" + port();
    }

    public Herald herald() {
        return herald;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The admin+publish key of tenant {@code default}. */
    public String adminKey() {
        return adminKey;
    }

    /** A new key for {@code tenant} with {@code scopes}. */
    public String newKey(String tenant, ApiKey.Scope... scopes) {
        return keyStore().create(tenant, scopes.length == 0 ? EnumSet.of(ApiKey.Scope.PUBLISH)
                : EnumSet.copyOf(List.of(scopes))).plaintext();
    }

    public ApiKeyStore keyStore() {
        return new SqliteApiKeyStore(new SqliteDatabase(dataDir));
    }

    /** A valid token for {@code sub} in tenant {@code default}, one hour. */
    public String token(String sub) {
        return token(sub, "default");
    }

    public String token(String sub, String tenant) {
        return new TokenIssuer(JWT_SECRET).issue(sub, tenant, Duration.ofHours(1), List.of(), null);
    }

    public HttpApiClient api() {
        return new HttpApiClient(http(), adminKey);
    }

    public HttpApiClient api(String key) {
        return new HttpApiClient(http(), key);
    }

    public WsClient connect(String pathAndQuery, String bearer) {
        return WsClient.connect(ws() + pathAndQuery, bearer == null ? Map.of() : Map.of("Authorization", "Bearer " + bearer));
    }

    /**
     * Reloads the configuration as SIGHUP does, with {@code changes} on top of this server's settings (which they
     * replace from now on, as an edited file would).
     */
    public dev.herald.server.ReloadResult reload(Map<String, String> changes) {
        settings.putAll(changes);
        return herald.reload(() -> HeraldConfig.of(settings));
    }

    /** Stops and starts the server again on the same data directory (a new port). */
    public void restart() {
        herald.close();
        herald = Herald.embedded(HeraldConfig.of(settings), resolver, clock);
    }

    @Override
    public void close() {
        herald.close();
    }

    /** Tokens signed with the test secret, for servers not started through this class. */
    public static final class Tokens {
        public String issue(String sub) {
            return new TokenIssuer(JWT_SECRET).issue(sub, "default", Duration.ofHours(1), List.of(), null);
        }
    }
}
