package dev.herald.core.logs;

/**
 * Where a line was read: the file (by name, and by identity so a rename does not change it) and the byte
 * offset just past the line's newline. Two lines of one file compare by {@code end}.
 *
 * @param file    the file's name inside the log directory when the line was read
 * @param fileKey the file's identity (its inode where the file system has one, else its path)
 * @param end     the offset just past the line's terminating newline
 */
public record LogPosition(String file, Object fileKey, long end) {
}
