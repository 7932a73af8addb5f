package dev.herald.core.logs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lists the followed files of a log directory. Thread-safe (stateless). */
final class LogFiles {
    /**
     * A followed file as seen by one listing.
     *
     * @param path   its name in the directory (a symbolic link's own name)
     * @param source what to open: the real file, inside the directory, never a link (see {@link #open})
     */
    record Found(Path path, Path source, Object key, LogFormat format, long size, long modifiedMillis) {
    }

    private LogFiles() {
    }

    /**
     * The regular files of {@code dir} whose names are followed ({@link LogFormat#ofFileName}), in no order, each
     * file once. A symbolic link is followed only to a file inside the directory: whoever can write into the log
     * directory must not be able to stream {@code /etc/shadow} to every reader. Pipes, devices and directories are
     * skipped, since opening a pipe would block the reader. An absent directory lists as empty.
     */
    static List<Found> list(Path dir) throws IOException {
        Path realDir;
        try {
            realDir = dir.toRealPath();
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Map<Object, Found> byKey = new LinkedHashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                LogFormat format = LogFormat.ofFileName(p.getFileName().toString());
                if (format == null) {
                    continue;
                }
                Path source;
                BasicFileAttributes a;
                try {
                    source = p.toRealPath();
                    if (!realDir.equals(source.getParent())) {
                        continue; // a link out of the directory (or into a subdirectory of it)
                    }
                    a = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    continue; // vanished between listing and stat, or a dangling link
                }
                if (a.isRegularFile()) {
                    Found f = new Found(p, source, keyOf(a, source), format, a.size(), a.lastModifiedTime().toMillis());
                    // A link to a file of the directory is that file once, under the file's own name.
                    byKey.merge(f.key(), f, (x, y) -> x.path().equals(x.source()) ? x : y);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return new ArrayList<>(byKey.values());
    }

    /**
     * Opens {@code f} for reading without following a link at its last step: {@link Found#source} was resolved
     * inside the directory when listed, and a link swapped in since then is refused, not followed.
     */
    static FileChannel open(Found f) throws IOException {
        return FileChannel.open(f.source(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
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
