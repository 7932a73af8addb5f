package dev.herald.server.config;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigDiffTest {
    @TempDir
    static Path dir;
    /** For each key, overrides that give it a value other than its default (some keys need company to be valid). */
    private static final Map<ConfigKey, Map<String, String>> SAMPLES = new EnumMap<>(ConfigKey.class);

    @BeforeAll
    static void samples() throws Exception {
        String file = Files.writeString(dir.resolve("some.key"), "x").toString();
        String secret = "0123456789abcdef0123456789abcdef";
        sample(ConfigKey.SERVER_HOST, "0.0.0.0");
        sample(ConfigKey.SERVER_PORT, "9999");
        sample(ConfigKey.SERVER_WEBSOCKET_COMPRESSION, "true");
        sample(ConfigKey.SERVER_ALLOWED_ORIGINS, "https://app.example.com");
        sample(ConfigKey.DATA_DIR, "/var/lib/other");
        SAMPLES.put(ConfigKey.MODE, Map.of("mode", "production", "auth.jwt_secret", secret,
                "webhooks.secret_key_file", file));
        sample(ConfigKey.NODE_ID, "node-2");
        sample(ConfigKey.AUTH_JWT_SECRET, secret);
        sample(ConfigKey.AUTH_JWKS_FILE, file);
        sample(ConfigKey.AUTH_COOKIE_NAME, "session");
        sample(ConfigKey.AUTH_CLOCK_SKEW, "7s");
        sample(ConfigKey.KEEPALIVE_INTERVAL, "7s");
        sample(ConfigKey.KEEPALIVE_TIMEOUT, "70s");
        sample(ConfigKey.HISTORY_SIZE, "5");
        sample(ConfigKey.HISTORY_TTL, "2h");
        sample(ConfigKey.LIMITS_CLIENT_QUEUE_BYTES, "2048");
        sample(ConfigKey.LIMITS_MAX_EVENT_BYTES, "1024");
        sample(ConfigKey.LIMITS_CLOSE_GRACE, "3s");
        sample(ConfigKey.LIMITS_MAX_REQUEST_BYTES, "4096");
        sample(ConfigKey.LIMITS_PUBLISH_RATE, "7");
        sample(ConfigKey.LIMITS_PUBLISH_BURST, "9");
        sample(ConfigKey.LIMITS_CLIENT_MESSAGE_RATE, "7");
        sample(ConfigKey.LIMITS_CLIENT_MESSAGE_BURST, "9");
        sample(ConfigKey.LIMITS_CONNECTIONS_TOTAL, "3");
        sample(ConfigKey.LIMITS_CONNECTIONS_PER_IP, "3");
        sample(ConfigKey.LIMITS_CONNECTIONS_PER_USER, "3");
        sample(ConfigKey.LIMITS_SOCKET_SEND_BUFFER, "65536");
        sample(ConfigKey.LIMITS_MAX_PENDING_APPENDS, "3");
        sample(ConfigKey.LIMITS_MAX_FANOUT_BACKLOG, "3");
        sample(ConfigKey.WEBHOOKS_TIMEOUT, "3s");
        sample(ConfigKey.WEBHOOKS_RETRY_SCHEDULE, "1s,2s");
        sample(ConfigKey.WEBHOOKS_JITTER, "1s");
        sample(ConfigKey.WEBHOOKS_NOTIFY_AFTER, "5");
        sample(ConfigKey.WEBHOOKS_CONCURRENCY, "3");
        sample(ConfigKey.WEBHOOKS_DISABLE_AFTER, "1d");
        sample(ConfigKey.WEBHOOKS_RETENTION, "1d");
        sample(ConfigKey.WEBHOOKS_SECRET_KEY_FILE, file);
        sample(ConfigKey.SMTP_HOST, "mail.example.com");
        sample(ConfigKey.SMTP_PORT, "2525");
        sample(ConfigKey.SMTP_FROM, "ops@example.com");
        sample(ConfigKey.SMTP_USERNAME, "ops");
        sample(ConfigKey.SMTP_PASSWORD, "hunter2");
        sample(ConfigKey.SMTP_TLS, "none");
        sample(ConfigKey.LOGS_DIR, "/var/log/app");
        sample(ConfigKey.LOGS_REDACT, "false");
        sample(ConfigKey.LOGS_AUTH, "none");
        sample(ConfigKey.LOGS_TENANT, "acme");
        SAMPLES.put(ConfigKey.BROKER, Map.of("broker", "redis", "store", "postgres", "postgres.url", "postgresql://h/db"));
        sample(ConfigKey.REDIS_URL, "redis://other:6380");
        SAMPLES.put(ConfigKey.STORE, Map.of("store", "postgres", "postgres.url", "postgresql://h/db"));
        sample(ConfigKey.POSTGRES_URL, "postgresql://h/db");
        sample(ConfigKey.STORE_TIMEOUT, "9s");
    }

    private static void sample(ConfigKey key, String value) {
        SAMPLES.put(key, Map.of(key.path(), value));
    }

    private static HeraldConfig with(ConfigKey key) {
        return HeraldConfig.of(new HashMap<>(SAMPLES.get(key)));
    }

    @Test
    void everyKeyHasASampleThatChangesIt() {
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrder(ConfigKey.values());
        HeraldConfig defaults = HeraldConfig.defaults();
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(ConfigValues.same(defaults, with(key), key)).as(key.path()).isFalse();
        }
    }

    @Test
    void theSameConfigurationHasNoDifferences() {
        assertThat(ConfigDiff.between(HeraldConfig.defaults(), HeraldConfig.defaults()).isEmpty()).isTrue();
        HeraldConfig c = with(ConfigKey.SMTP_PASSWORD);
        assertThat(ConfigDiff.between(c, with(ConfigKey.SMTP_PASSWORD)).isEmpty()).isTrue();
    }

    @Test
    void eachChangedKeyIsListedAsReloadedOrAsRequiringARestart() {
        HeraldConfig defaults = HeraldConfig.defaults();
        for (ConfigKey key : ConfigKey.values()) {
            ConfigDiff diff = ConfigDiff.between(defaults, with(key));
            if (ConfigDiff.RELOADABLE.contains(key)) {
                assertThat(diff.reloaded()).as(key.path()).contains(key.path());
                assertThat(diff.requireRestart()).as(key.path()).doesNotContain(key.path());
            } else {
                assertThat(diff.requireRestart()).as(key.path()).contains(key.path());
                assertThat(diff.reloaded()).as(key.path()).doesNotContain(key.path());
            }
        }
    }

    @Test
    void mergeTakesExactlyTheReloadableValues() {
        HeraldConfig running = HeraldConfig.defaults();
        for (ConfigKey key : ConfigKey.values()) {
            HeraldConfig fresh = with(key);
            HeraldConfig merged = ConfigDiff.merge(running, fresh);
            HeraldConfig expected = ConfigDiff.RELOADABLE.contains(key) ? fresh : running;
            assertThat(ConfigValues.value(merged, key)).as(key.path()).isEqualTo(ConfigValues.value(expected, key));
            // What merge takes is what the diff calls reloaded: nothing else moves.
            for (String path : ConfigDiff.between(running, merged).requireRestart()) {
                throw new AssertionError(key.path() + ": merge also changed restart-only " + path);
            }
        }
    }

    @Test
    void aKeyMissingFromTheNewFileIsAChangeBackToItsDefault() {
        HeraldConfig running = HeraldConfig.of(Map.of("limits.connections_total", "5", "server.port", "9000"));
        ConfigDiff diff = ConfigDiff.between(running, HeraldConfig.defaults());
        assertThat(diff.reloaded()).containsExactly("limits.connections_total");
        assertThat(diff.requireRestart()).containsExactly("server.port");
    }

    @Test
    void aDefaultDerivedFromAChangedKeyIsReportedToo() {
        // keepalive.timeout defaults to twice the interval: changing only the interval changes both.
        ConfigDiff diff = ConfigDiff.between(HeraldConfig.defaults(), HeraldConfig.of(Map.of("keepalive.interval", "5s")));
        assertThat(diff.reloaded()).containsExactly("keepalive.interval", "keepalive.timeout");
    }

    @Test
    void mergeKeepsWhatTheRunningNodeFilledInItself() {
        // Dev mode mints a JWT secret at start: a file that still sets none must not drop it.
        HeraldConfig running = HeraldConfig.defaults().withAuth(HeraldConfig.defaults().auth().withJwtSecret("minted"));
        HeraldConfig merged = ConfigDiff.merge(running, HeraldConfig.of(Map.of("limits.publish_rate", "5")));
        assertThat(merged.auth().jwtSecret()).isEqualTo("minted");
        assertThat(merged.limits().publish().perSecond()).isEqualTo(5);
        assertThat(merged.limits().publish().burst()).isEqualTo(10);
    }

    @Test
    void aDiffNamesKeysNeverValues() {
        ConfigDiff diff = ConfigDiff.between(HeraldConfig.defaults(), with(ConfigKey.SMTP_PASSWORD));
        assertThat(diff.toString()).contains("smtp.password").doesNotContain("hunter2");
    }
}
