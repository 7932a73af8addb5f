package dev.herald.server.bootstrap;

import dev.herald.core.store.SharedSecrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Shared secrets of a single node: one owner-only file each under {@code data_dir} ({@code jwt-secret},
 * {@code webhook-secret.key}). Creation is atomic ({@code CREATE_NEW}), so two processes on one data
 * directory (the server and a CLI command) agree on the first value written.
 */
public final class FileSharedSecrets implements SharedSecrets {
    private final Path dir;

    public FileSharedSecrets(Path dir) {
        this.dir = dir;
    }

    @Override
    public String getOrCreate(String name, Supplier<String> mint) {
        Path file = dir.resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(dir);
            String value = mint.get();
            try {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createFile(file);
                }
            } catch (FileAlreadyExistsException raced) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
