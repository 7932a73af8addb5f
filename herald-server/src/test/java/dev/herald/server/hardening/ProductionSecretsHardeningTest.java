package dev.herald.server.hardening;

import dev.herald.server.Herald;
import dev.herald.server.config.ConfigException;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.webhook.SecretKeyFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Production mode never mints a secret (SPEC §11): a minted key lives beside the data it protects, differs on
 * every node, and is gone with a rebuilt data directory. That includes the key sealing webhook secrets.
 */
class ProductionSecretsHardeningTest {

    @Test
    void productionModeRefusesToStartWithoutAWebhookSealingKeyAndMintsNone() throws Exception {
        Path dataDir = Files.createTempDirectory("herald-prod");
        Map<String, String> settings = production(dataDir);
        assertThatThrownBy(() -> Herald.embedded(HeraldConfig.of(settings)).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("webhooks.secret_key_file: required in production mode");
        assertThat(dataDir.resolve(SecretKeyFile.DEFAULT_NAME)).doesNotExist();
    }

    @Test
    void productionModeWithAGivenSealingKeyStartsAndWritesNoKeyOfItsOwn() throws Exception {
        Path dataDir = Files.createTempDirectory("herald-prod");
        Map<String, String> settings = production(dataDir);
        settings.put("webhooks.secret_key_file", TestServer.sealingKeyFile().toString());
        try (Herald herald = Herald.embedded(HeraldConfig.of(settings))) {
            assertThat(herald.port()).isPositive();
            assertThat(herald.mintedAdminKey()).isEmpty();
        }
        assertThat(dataDir.resolve(SecretKeyFile.DEFAULT_NAME)).doesNotExist();
    }

    @Test
    void aSealingKeyFileThatCannotBeReadStopsTheStartWithItsPath() {
        assertThatThrownBy(() -> HeraldConfig.of(Map.of("webhooks.secret_key_file", "/nonexistent/herald.key")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("webhooks.secret_key_file: /nonexistent/herald.key is not a readable file");
    }

    private static Map<String, String> production(Path dataDir) {
        Map<String, String> s = new HashMap<>();
        s.put("mode", "production");
        s.put("server.port", "0");
        s.put("data_dir", dataDir.toString());
        s.put("auth.jwt_secret", TestServer.JWT_SECRET);
        s.put("node_id", "prod-test");
        return s;
    }
}
