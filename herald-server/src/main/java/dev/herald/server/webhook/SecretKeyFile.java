package dev.herald.server.webhook;

import dev.herald.core.id.Secrets;
import dev.herald.core.webhook.SecretCipher;
import dev.herald.server.config.HeraldConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * The AES-256 key that seals webhook secrets at rest: {@code webhooks.secret_key_file} when set (it must
 * exist, and production mode requires it), otherwise {@code data_dir/webhook-secret.key}, minted on the first
 * dev-mode start with owner-only permissions.
 * The file holds the base64 of {@value SecretCipher#KEY_BYTES} random bytes. The key is never logged.
 */
public final class SecretKeyFile {
    public static final String DEFAULT_NAME = "webhook-secret.key";
    private static final Logger log = LoggerFactory.getLogger(SecretKeyFile.class);

    private SecretKeyFile() {
    }

    public static SecretCipher cipher(HeraldConfig config) {
        Path configured = config.webhooks().secretKeyFile();
        Path file = configured != null ? configured : config.dataDir().resolve(DEFAULT_NAME);
        if (configured == null && !Files.exists(file)) {
            if (config.isProduction()) { // ConfigLoader refuses this already; never mint, whoever built the config
                throw new IllegalStateException("webhooks.secret_key_file: required in production mode");
            }
            mint(file);
        }
        return new SecretCipher(read(file));
    }

    /**
     * The sealing key of a cluster in dev mode when no file is configured: minted once into the shared store
     * by the first node and read by the others, so every node opens every endpoint's secret.
     */
    public static SecretCipher cipher(HeraldConfig config, dev.herald.core.store.SharedSecrets shared) {
        if (config.webhooks().secretKeyFile() != null || config.isProduction()) {
            return cipher(config);
        }
        String encoded = shared.getOrCreate(DEFAULT_NAME,
                () -> Base64.getEncoder().encodeToString(Secrets.randomBytes(SecretCipher.KEY_BYTES)));
        return new SecretCipher(decode(encoded, "shared secret " + DEFAULT_NAME));
    }

    private static byte[] decode(String encoded, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("webhooks.secret_key_file: " + where + " is not base64", e);
        }
        if (key.length != SecretCipher.KEY_BYTES) {
            throw new IllegalStateException("webhooks.secret_key_file: " + where + " must hold the base64 of "
                    + SecretCipher.KEY_BYTES + " bytes, it holds " + key.length);
        }
        return key;
    }

    private static byte[] read(Path file) {
        try {
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (key.length != SecretCipher.KEY_BYTES) {
                throw new IllegalStateException("webhooks.secret_key_file: " + file + " must hold the base64 of "
                        + SecretCipher.KEY_BYTES + " bytes, it holds " + key.length);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("webhooks.secret_key_file: cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("webhooks.secret_key_file: " + file + " is not base64", e);
        }
    }

    private static void mint(Path file) {
        String encoded = Base64.getEncoder().encodeToString(Secrets.randomBytes(SecretCipher.KEY_BYTES)) + "\n";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, encoded, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            log.atInfo().addKeyValue("file", file).log("minted the key that seals webhook secrets; back it up with herald.db");
        } catch (FileAlreadyExistsException raced) {
            // another process minted it first: use theirs
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
