package dev.herald.server.bootstrap;

import dev.herald.core.id.Secrets;
import dev.herald.core.store.ApiKey;
import dev.herald.core.store.ApiKeyStore;
import dev.herald.core.store.SharedSecrets;
import dev.herald.server.config.HeraldConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;

/**
 * First-start conveniences of dev mode: a JWT secret (kept in the deployment's {@link SharedSecrets}) and an
 * admin API key, written to {@code data_dir/admin-key} (owner-only) for the CLI and the printed hints.
 * Production mode never mints anything.
 */
public final class DevBootstrap {
    public static final String JWT_SECRET_FILE = "jwt-secret";
    public static final String ADMIN_KEY_FILE = "admin-key";

    /** The config to run with, and the admin key when this start minted it. */
    public record Result(HeraldConfig config, Optional<String> mintedAdminKey) {
    }

    private DevBootstrap() {
    }

    /**
     * @param secrets where the minted JWT secret is kept: files under {@code data_dir} for one node, the shared
     *                store in a cluster (the first node mints, the others read the same value)
     */
    public static Result prepare(HeraldConfig config, ApiKeyStore keys, SharedSecrets secrets) {
        if (config.isProduction()) {
            return new Result(config, Optional.empty());
        }
        HeraldConfig out = config;
        if (config.auth().jwtSecret() == null) {
            out = config.withAuth(config.auth().withJwtSecret(jwtSecret(config, secrets).orElseThrow()));
        }
        Optional<String> minted = Optional.empty();
        if (keys.list().isEmpty()) {
            String key = keys.create("default", EnumSet.of(ApiKey.Scope.PUBLISH, ApiKey.Scope.ADMIN)).plaintext();
            writePrivate(config.dataDir().resolve(ADMIN_KEY_FILE), key);
            minted = Optional.of(key);
        }
        return new Result(out, minted);
    }

    /** The dev admin key saved at first start, if this data directory has one. */
    public static Optional<String> savedAdminKey(Path dataDir) {
        return readTrimmed(dataDir.resolve(ADMIN_KEY_FILE));
    }

    /**
     * The JWT secret in effect for {@code config}: configured, or in dev mode the shared minted one (minted
     * now if this deployment has none yet, so a token made before the first start is valid once it runs).
     */
    public static Optional<String> jwtSecret(HeraldConfig config, SharedSecrets secrets) {
        if (config.auth().jwtSecret() != null) {
            return Optional.of(config.auth().jwtSecret());
        }
        if (config.isProduction()) {
            return Optional.empty();
        }
        return Optional.of(secrets.getOrCreate(JWT_SECRET_FILE, () -> Secrets.randomBase62(48)));
    }

    private static Optional<String> readTrimmed(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writePrivate(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: permissions are the platform's default
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
