package dev.herald.core.logs;

import java.nio.charset.StandardCharsets;

/** Decoding of line bytes shared by live and backward reading, so both cut and mark long lines alike. */
final class Lines {
    private Lines() {
    }

    /** The marker appended to a line cut at the cap, e.g. {@code …[truncated 1048576 bytes]}. */
    static String truncationMarker(long droppedBytes) {
        return "…[truncated " + droppedBytes + " bytes]";
    }

    /**
     * The text of a line's first {@code len} bytes (without its newline), {@code dropped} more bytes having
     * been cut. Invalid UTF-8 becomes U+FFFD (binary garbage is shown, never fatal); a character split by
     * the cut is left out; a CR before the newline is removed.
     */
    static String decode(byte[] bytes, int len, long dropped) {
        int n = len;
        if (dropped > 0) {
            n = utf8Boundary(bytes, n);
        } else if (n > 0 && bytes[n - 1] == '\r') {
            n--;
        }
        String s = new String(bytes, 0, n, StandardCharsets.UTF_8);
        return dropped > 0 ? s + truncationMarker(dropped + (len - n)) : s;
    }

    /** The largest length at most {@code len} that does not end inside a multi-byte UTF-8 sequence. */
    private static int utf8Boundary(byte[] b, int len) {
        for (int back = 1; back <= 3 && len - back >= 0; back++) {
            int c = b[len - back] & 0xFF;
            if (c < 0x80) {
                return len;
            }
            if (c >= 0xC0) {
                int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
                return need > back ? len - back : len;
            }
        }
        return len;
    }
}
