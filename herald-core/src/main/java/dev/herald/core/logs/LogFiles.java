package dev.herald.core.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Lists the followed files of a log directory. Thread-safe (stateless). */
final class LogFiles {
    /** A followed file as seen by one listing. */
    record Found(Path path, Object key, LogFormat format, long size, long modifiedMillis) {
    }

    private LogFiles() {
    }

    /**
     * The regular files of {@code dir} whose names are followed ({@link LogFormat#ofFileName}), in no order.
     * Symbolic links are followed; pipes, devices and directories are skipped, since opening a pipe would
     * block the reader. An absent directory lists as empty.
     */
    static List<Found> list(Path dir) throws IOException {
        List<Found> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                LogFormat format = LogFormat.ofFileName(p.getFileName().toString());
                if (format == null) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // vanished between listing and stat, or a dangling link
                }
                if (a.isRegularFile()) {
                    out.add(new Found(p, keyOf(a, p), format, a.size(), a.lastModifiedTime().toMillis()));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return out;
    }

    /** {@link #list}, oldest modification first, then by name. */
    static List<Found> listByModification(Path dir) throws IOException {
        List<Found> files = list(dir);
        files.sort(Comparator.comparingLong(Found::modifiedMillis).thenComparing(f -> f.path().getFileName()));
        return files;
    }

    /** A file's identity across renames: its inode where the file system has one, else its path. */
    static Object keyOf(BasicFileAttributes a, Path p) {
        Object k = a.fileKey();
        return k != null ? k : p.toAbsolutePath();
    }

    /** The identity of the directory itself, to notice it being replaced; null when absent. */
    static Object dirKey(Path dir) {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class);
            return a.isDirectory() ? keyOf(a, dir) : null;
        } catch (IOException e) {
            return null;
        }
    }

    static boolean isDirectory(Path dir) {
        return dir != null && Files.isDirectory(dir, new LinkOption[0]);
    }
}
