package dev.herald.server.cli;

import dev.herald.server.config.ConfigException;
import dev.herald.server.config.ConfigLoader;
import dev.herald.server.config.HeraldConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --config}: shared by every command that reads Herald's configuration. */
final class ConfigOptions {
    @Option(names = {"-c", "--config"}, description = "YAML config file (default: ./herald.yaml if present)")
    Path file;

    /** The configuration, or an explanation on stderr and exit code 2. */
    HeraldConfig load() {
        try {
            return ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            System.err.println("herald: invalid configuration");
            e.problems().forEach(p -> System.err.println("  " + p));
            throw new CliExit(2);
        }
    }

    /** The configuration read again as at start (same file, same environment); throws {@link ConfigException}. */
    HeraldConfig reload() {
        return ConfigLoader.load(file, System.getenv());
    }

    String baseUrl(HeraldConfig cfg) {
        return cfg.server().localUrl(cfg.server().port());
    }
}
