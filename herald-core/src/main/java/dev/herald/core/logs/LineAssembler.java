package dev.herald.core.logs;

import java.nio.ByteBuffer;

/**
 * Cuts a file's bytes, fed in order as they are read, into lines. A line is complete only at its newline;
 * until then its bytes wait here. At most {@code maxLineBytes} of one line are kept: the rest is counted,
 * not stored, so a 100 MB line without a newline costs {@code maxLineBytes} of memory. Not thread-safe: one
 * per followed file, used by the tailer thread.
 */
final class LineAssembler {
    /** Receives each complete line with the file offset just past its newline. */
    interface Sink {
        void line(String text, long end);
    }

    private final int maxLineBytes;
    private byte[] buf = new byte[512];
    private int len;
    private long dropped;

    LineAssembler(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** Consumes {@code data}, which starts at file offset {@code offset}, emitting every completed line. */
    void feed(ByteBuffer data, long offset, Sink sink) {
        byte[] a = data.array();
        int start = data.arrayOffset() + data.position();
        int limit = data.arrayOffset() + data.limit();
        int from = start;
        for (int i = start; i < limit; i++) {
            if (a[i] == '\n') {
                append(a, from, i - from);
                sink.line(Lines.decode(buf, len, dropped), offset + (i - start) + 1);
                clear();
                from = i + 1;
            }
        }
        append(a, from, limit - from);
        data.position(data.limit());
    }

    /** Whether bytes of an unfinished line are waiting. */
    boolean hasPartial() {
        return len > 0 || dropped > 0;
    }

    /** The unfinished line as text, for a file that will get no more bytes; then forgets it. */
    String takePartial() {
        String s = Lines.decode(buf, len, dropped);
        clear();
        return s;
    }

    /** Forgets the unfinished line (its file was truncated). */
    void clear() {
        len = 0;
        dropped = 0;
        if (buf.length > 8192) {
            buf = new byte[512];
        }
    }

    private void append(byte[] a, int from, int n) {
        int keep = Math.min(n, maxLineBytes - len);
        if (keep > 0) {
            if (len + keep > buf.length) {
                byte[] bigger = new byte[Math.min(maxLineBytes, Math.max(buf.length * 2, len + keep))];
                System.arraycopy(buf, 0, bigger, 0, len);
                buf = bigger;
            }
            System.arraycopy(a, from, buf, len, keep);
            len += keep;
        }
        dropped += n - Math.max(keep, 0);
    }
}
