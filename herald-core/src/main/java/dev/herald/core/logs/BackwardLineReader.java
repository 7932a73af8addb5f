package dev.herald.core.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the complete lines of a file from the end towards the start, in blocks, so the last lines of a large
 * file cost only the bytes they span. A line longer than {@code maxLineBytes} is cut and marked as the live
 * tailer cuts it (its head kept), with bounded memory. Not thread-safe.
 */
final class BackwardLineReader {
    private static final int BLOCK = 64 * 1024;

    /** A complete line and the offset just past its newline. */
    record Line(String text, long end) {
    }

    private final FileChannel channel;
    private final int maxLineBytes;
    private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
    private long blockStart = -1;
    private int blockLen;
    /** Offset just past the newline of the next line to return; 0 when the start is reached. */
    private long cursor;

    /** Reads the lines that end at or before {@code end}; a partial line at {@code end} is not returned. */
    BackwardLineReader(FileChannel channel, long end, int maxLineBytes) throws IOException {
        this.channel = channel;
        this.maxLineBytes = maxLineBytes;
        this.cursor = end <= 0 ? 0 : lastNewlineBefore(end) + 1;
    }

    /** The offset just past the file's last newline before {@code end}: where complete lines stop. */
    long completeEnd() {
        return cursor;
    }

    /** The previous complete line, or null at the start of the file. */
    Line previous() throws IOException {
        if (cursor <= 0) {
            return null;
        }
        long end = cursor;
        long newline = end - 1;
        long start = lastNewlineBefore(newline) + 1;
        cursor = start;
        long length = newline - start;
        int keep = (int) Math.min(length, maxLineBytes);
        byte[] bytes = read(start, keep);
        return new Line(Lines.decode(bytes, keep, length - keep), end);
    }

    /** The offset of the last {@code '\n'} before {@code before}, or -1. */
    private long lastNewlineBefore(long before) throws IOException {
        long pos = before - 1;
        while (pos >= 0) {
            load(pos);
            byte[] a = block.array();
            for (int i = (int) (pos - blockStart); i >= 0; i--) {
                if (a[i] == '\n') {
                    return blockStart + i;
                }
            }
            pos = blockStart - 1;
        }
        return -1;
    }

    /** Makes the block hold {@code pos}, ending there when a new block must be read (we move backwards). */
    private void load(long pos) throws IOException {
        if (blockStart >= 0 && pos >= blockStart && pos < blockStart + blockLen) {
            return;
        }
        long start = Math.max(0, pos + 1 - BLOCK);
        block.clear();
        block.limit((int) (pos + 1 - start));
        int n = 0;
        while (block.hasRemaining()) {
            int r = channel.read(block, start + n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n < pos + 1 - start) {
            // The file shrank under us: what is gone is treated as empty, never as newlines.
            java.util.Arrays.fill(block.array(), n, (int) (pos + 1 - start), (byte) 0);
        }
        blockStart = start;
        blockLen = (int) (pos + 1 - start);
    }

    private byte[] read(long start, int len) throws IOException {
        byte[] out = new byte[len];
        if (blockStart >= 0 && start >= blockStart && start + len <= blockStart + blockLen) {
            System.arraycopy(block.array(), (int) (start - blockStart), out, 0, len);
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(out);
        while (b.hasRemaining()) {
            if (channel.read(b, start + b.position()) < 0) {
                break;
            }
        }
        return out;
    }
}
