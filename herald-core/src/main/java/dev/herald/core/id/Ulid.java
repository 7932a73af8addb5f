package dev.herald.core.id;

import java.security.SecureRandom;

/**
 * Universally unique, lexicographically sortable identifiers (ULID: 48-bit ms time + 80 random bits, Crockford
 * base32), monotonic within this process.
 *
 * <p>Guarantee: every id {@link #next()} returns sorts strictly after every id it returned before in this JVM. Within
 * one millisecond the 80-bit random part of the previous id is incremented (the ULID spec's monotonic mode), so a list
 * sorted by id keeps the order ids were minted in — publish order for {@code evt_} ids, creation order for
 * {@code msg_} ids. A clock that steps back keeps the last time seen until it catches up, for the same reason.
 * Thread-safe; the lock is held for a few arithmetic operations only.
 */
public final class Ulid {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long MASK_40 = (1L << 40) - 1;

    private static final Object LOCK = new Object();
    // The last id's time and its 80 random bits as two 40-bit halves (hi, lo).
    private static long lastTime = -1;
    private static long lastHi;
    private static long lastLo;

    private Ulid() {
    }

    /** The next id of this process: strictly greater than every id returned before. */
    public static String next() {
        return next(System.currentTimeMillis());
    }

    /**
     * The next id for {@code epochMillis}; if that is not later than the last id's time, the id continues the last
     * id's millisecond (random part + 1), so the sequence stays strictly increasing.
     */
    public static String next(long epochMillis) {
        long time;
        long hi;
        long lo;
        synchronized (LOCK) {
            if (epochMillis > lastTime) {
                byte[] random = new byte[10];
                RANDOM.nextBytes(random);
                time = epochMillis;
                hi = bits40(random, 0);
                lo = bits40(random, 5);
            } else {
                time = lastTime;
                lo = (lastLo + 1) & MASK_40;
                hi = lo == 0 ? (lastHi + 1) & MASK_40 : lastHi;
                if (lo == 0 && hi == 0) {
                    // 2^80 ids in one millisecond cannot happen in practice; borrowing the next ms keeps the order.
                    time++;
                }
            }
            lastTime = time;
            lastHi = hi;
            lastLo = lo;
        }
        return encode(time, hi, lo);
    }

    private static long bits40(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 5; i++) {
            v = (v << 8) | (b[i] & 0xFFL);
        }
        return v;
    }

    private static String encode(long time, long hi, long lo) {
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits -> 16 chars of 5 bits (two 40-bit halves of 8 chars each).
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }
}
