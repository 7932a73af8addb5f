package dev.herald.server.config;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald.yaml} as any bytes: the loader yields a configuration or a {@link ConfigException} whose every
 * problem names a key path or the file, never another exception (which would end {@code herald serve} with a stack
 * trace instead of exit 2 and a message). Corpus: {@code ConfigLoaderFuzzTestInputs/}.
 */
class ConfigLoaderFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void anyYamlGivesAConfigOrPathQualifiedProblems(byte[] yaml) {
        HeraldConfig config;
        try {
            config = ConfigLoader.fromYaml(yaml);
        } catch (ConfigException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).matches("(?s).+: .+"));
            return;
        }
        assertThat(config.server().port()).isBetween(0, 65535);
        assertThat(config.limits().publish().burst()).isPositive();
        assertThat(config.limits().clientMessages().burst()).isPositive();
    }
}
