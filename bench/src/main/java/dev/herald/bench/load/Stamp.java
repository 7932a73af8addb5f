package dev.herald.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * The send time carried in each event's {@code data} as {@code "bench_ns":<System.nanoTime()>}. The publisher
 * and the subscribers live in one process, so the two nanoTime readings are comparable. Reading it is a
 * byte scan, not a JSON parse, so the generator's own cost per delivery stays small.
 */
final class Stamp {
    static final String FIELD = "bench_ns";
    private static final byte[] KEY = ("\"" + FIELD + "\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Stamps are relative to this, so they are never negative whatever nanoTime's origin is. */
    private static final long ORIGIN = System.nanoTime();

    private Stamp() {
    }

    static long now() {
        return System.nanoTime() - ORIGIN;
    }

    /** The stamp in {@code frame}, or -1 when it has none (control replies, system_status). */
    static long read(ByteBuf frame) {
        int from = frame.readerIndex();
        int end = frame.writerIndex() - KEY.length;
        outer:
        for (int i = from; i <= end; i++) {
            for (int k = 0; k < KEY.length; k++) {
                if (frame.getByte(i + k) != KEY[k]) {
                    continue outer;
                }
            }
            long v = 0;
            int j = i + KEY.length;
            int digits = 0;
            for (; j < frame.writerIndex(); j++, digits++) {
                byte b = frame.getByte(j);
                if (b < '0' || b > '9') {
                    break;
                }
                v = v * 10 + (b - '0');
            }
            return digits == 0 ? -1 : v;
        }
        return -1;
    }
}
