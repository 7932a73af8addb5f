package dev.herald.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @Test
    void defaultsMatchTheContract() {
        HeraldConfig c = HeraldConfig.defaults();
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.mode()).isEqualTo(HeraldConfig.Mode.DEV);
        assertThat(c.keepalive().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.keepalive().timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.limits().clientQueueBytes()).isEqualTo(1_048_576);
        assertThat(c.webhooks().retrySchedule()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(24));
        assertThat(c.auth().cookieName()).isEqualTo("ks_access_token");
    }

    @Test
    void theEnvironmentOverridesTheFile(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("herald.yaml");
        Files.writeString(yaml, "server:\n  port: 9000\n  host: 0.0.0.0\nkeepalive:\n  interval: 10s\n");
        HeraldConfig c = ConfigLoader.load(yaml, Map.of("HERALD_SERVER_PORT", "9100",
                "HERALD_WEBHOOKS_RETRY_SCHEDULE", "1s,2s,5s"));
        assertThat(c.server().port()).isEqualTo(9100);
        assertThat(c.server().host()).isEqualTo("0.0.0.0");
        assertThat(c.keepalive().timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.webhooks().retrySchedule()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void everyBadValueIsReportedWithItsPath(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("herald.yaml");
        Files.writeString(yaml, """
                server:
                  port: eighty
                webhooks:
                  retry_schedule: [1m, 5m, 5x]
                keepalive:
                  interval: soon
                mode: staging
                colour: blue
                """);
        assertThatThrownBy(() -> ConfigLoader.load(yaml, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).contains(
                        "server.port: \"eighty\" is not an integer",
                        "webhooks.retry_schedule[2]: \"5x\" is not a duration",
                        "keepalive.interval: \"soon\" is not a duration (e.g. 500ms, 10s, 5m, 2h, 1d)",
                        "mode: \"staging\" is not one of dev, production",
                        "colour: unknown key"));
    }

    @Test
    void productionRefusesToStartWithoutAStrongSecret() {
        assertThatThrownBy(() -> HeraldConfig.of(Map.of("mode", "production", "auth.jwt_secret", "short")))
                .hasMessageContaining("auth.jwt_secret");
        assertThatThrownBy(() -> HeraldConfig.of(Map.of("mode", "production", "auth.jwt_secret", "x".repeat(40),
                "logs.auth", "none"))).hasMessageContaining("logs.auth");
        assertThat(HeraldConfig.of(Map.of("mode", "production", "auth.jwt_secret", "x".repeat(32),
                "webhooks.secret_key_file", dev.herald.server.testkit.TestServer.sealingKeyFile().toString()))
                .isProduction()).isTrue();
    }

    @Test
    void secretsNeverAppearInTheConfigsPrintedForm() {
        HeraldConfig c = HeraldConfig.of(Map.of("auth.jwt_secret", "super-secret-value", "smtp.password", "hunter2"));
        assertThat(c.toString()).doesNotContain("super-secret-value").doesNotContain("hunter2");
    }

    @Test
    void clusterUrlsAreShownWithoutTheirPasswords() {
        HeraldConfig c = HeraldConfig.of(Map.of("redis.url", "redis://:redispass@h:6379/0",
                "postgres.url", "jdbc:postgresql://h/db?user=u&password=pgpass"));
        assertThat(c.toString()).doesNotContain("redispass").doesNotContain("pgpass").contains("redis://:***@h:6379/0");
        assertThat(Redacted.url("postgresql://herald:pw@db:5432/herald")).isEqualTo("postgresql://herald:***@db:5432/herald");
    }

    @Test
    void theExampleFileDocumentsEveryKeyAndLoads() throws Exception {
        Path example = Path.of("..", "herald.example.yaml");
        String text = Files.readString(example);
        for (ConfigKey key : ConfigKey.values()) {
            String leaf = key.path().substring(key.path().lastIndexOf('.') + 1);
            assertThat(text).as("herald.example.yaml documents %s", key.path()).contains(leaf + ":");
        }
        HeraldConfig c = ConfigLoader.load(example, Map.of());
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(List.of(c.webhooks().retrySchedule().size())).containsExactly(5);
        assertThat(c.cluster().storeTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aRedisBrokerWithoutTheSharedStoreStopsTheStartInsteadOfNumberingSeqsPerNode() {
        assertThatThrownBy(() -> HeraldConfig.of(Map.of("broker", "redis")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anyMatch(p -> p.startsWith("broker:")));
        assertThatThrownBy(() -> HeraldConfig.of(Map.of("store", "postgres")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anyMatch(p -> p.startsWith("postgres.url:")));
        HeraldConfig cluster = HeraldConfig.of(Map.of("broker", "redis", "store", "postgres", "postgres.url", "postgresql://h/db"));
        assertThat(cluster.cluster().redis()).isTrue();
        assertThat(cluster.cluster().postgres()).isTrue();
    }

    @Test
    void allowedOriginsAndTheRequestLimitAreValidatedWithTheirPath() {
        HeraldConfig c = ConfigLoader.load(null, Map.of("HERALD_SERVER_ALLOWED_ORIGINS", "https://App.example.com:443, http://localhost:3000"));
        assertThat(c.server().allowedOrigins()).containsExactly("https://app.example.com", "http://localhost:3000");
        assertThat(HeraldConfig.defaults().server().allowedOrigins()).isEmpty();
        assertThat(HeraldConfig.defaults().limits().maxRequestBytes()).isEqualTo(4 << 20);
        assertThatThrownBy(() -> HeraldConfig.of(Map.of("server.allowed_origins", "https://ok.example,evil.example/path")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "server.allowed_origins[1]: \"evil.example/path\" is not an origin (scheme://host[:port], e.g. https://app.example.com)"));
        assertThatThrownBy(() -> HeraldConfig.of(Map.of("limits.max_request_bytes", "1")))
                .hasMessageContaining("limits.max_request_bytes: 1 is out of range");
    }
}
