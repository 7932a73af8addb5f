package dev.herald.core.broker;

import dev.herald.core.hub.Frame;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes a batch of frames travels as between nodes: the origin node id and, per frame, tenant, user,
 * type, seq and the JSON text. Stateless and thread-safe.
 *
 * <pre>
 * 'H' 1                          magic, version
 * varint n, n bytes              origin node id (UTF-8)
 * varint count                   frames that follow
 * per frame:
 *   byte flags                   bit 0: tenant present, bit 1: user present
 *   [varint n, n bytes]          tenant, if present
 *   [varint n, n bytes]          user, if present
 *   varint n, n bytes            type
 *   zigzag varlong               seq
 *   varint n, n bytes            text (the JSON message)
 * </pre>
 *
 * <p>Decoding trusts nothing: every length is checked against what is left and against a bound before
 * anything is allocated, strings must be valid UTF-8 and nothing may follow the last frame. Any violation is
 * a {@link MalformedException}, never an out-of-memory error or another runtime exception.
 */
public final class FrameCodec {
    /** Longest origin, tenant, user or type, in bytes. */
    public static final int MAX_NAME_BYTES = 4096;
    /** Longest frame text, in bytes. */
    public static final int MAX_TEXT_BYTES = 16 * 1024 * 1024;
    /** Most frames in one message. */
    public static final int MAX_FRAMES = 100_000;

    private static final byte MAGIC = 'H';
    private static final byte VERSION = 1;
    private static final int TENANT = 1;
    private static final int USER = 2;
    /** flags, type length, seq, text length: the least a frame can take. */
    private static final int MIN_FRAME_BYTES = 4;

    private FrameCodec() {
    }

    /** What a message carried. */
    public record Message(String origin, List<Frame> frames) {
    }

    /** Input that is not a message this codec wrote. */
    public static final class MalformedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    public static byte[] encode(String origin, List<Frame> frames) {
        if (frames.size() > MAX_FRAMES) {
            throw new IllegalArgumentException("at most " + MAX_FRAMES + " frames per message, got " + frames.size());
        }
        Writer w = new Writer(32 + frames.size() * 64);
        w.put(MAGIC);
        w.put(VERSION);
        w.name(origin, "origin");
        w.varint(frames.size());
        for (Frame f : frames) {
            w.put((byte) ((f.tenant() != null ? TENANT : 0) | (f.user() != null ? USER : 0)));
            if (f.tenant() != null) {
                w.name(f.tenant(), "tenant");
            }
            if (f.user() != null) {
                w.name(f.user(), "user");
            }
            w.name(f.type(), "type");
            w.varlong((f.seq() << 1) ^ (f.seq() >> 63));
            byte[] text = f.utf8();
            if (text.length > MAX_TEXT_BYTES) {
                throw new IllegalArgumentException("frame text of " + text.length + " bytes exceeds " + MAX_TEXT_BYTES);
            }
            w.bytes(text);
        }
        return w.toArray();
    }

    /** @throws MalformedException if {@code bytes} is not exactly one well-formed message */
    public static Message decode(byte[] bytes) {
        Reader r = new Reader(bytes);
        r.header();
        String origin = r.string(MAX_NAME_BYTES, "origin");
        int count = r.length(MAX_FRAMES, "frame count");
        if ((long) count * MIN_FRAME_BYTES > r.remaining()) {
            throw new MalformedException("frame count " + count + " exceeds what " + r.remaining() + " bytes can hold");
        }
        List<Frame> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int flags = r.get();
            if ((flags & ~(TENANT | USER)) != 0) {
                throw new MalformedException("frame " + i + ": unknown flags " + flags);
            }
            String tenant = (flags & TENANT) != 0 ? r.string(MAX_NAME_BYTES, "tenant") : null;
            String user = (flags & USER) != 0 ? r.string(MAX_NAME_BYTES, "user") : null;
            String type = r.string(MAX_NAME_BYTES, "type");
            long zigzag = r.varlong();
            long seq = (zigzag >>> 1) ^ -(zigzag & 1);
            String text = r.string(MAX_TEXT_BYTES, "text");
            frames.add(Frame.of(tenant, user, type, seq, text));
        }
        if (r.remaining() != 0) {
            throw new MalformedException(r.remaining() + " unexpected bytes after the last frame");
        }
        return new Message(origin, frames);
    }

    /**
     * The origin node of a message, read without decoding its frames (a node skips its own messages cheaply).
     *
     * @throws MalformedException if the header is not well-formed
     */
    public static String origin(byte[] bytes) {
        Reader r = new Reader(bytes);
        r.header();
        return r.string(MAX_NAME_BYTES, "origin");
    }

    private static final class Writer {
        private byte[] buf;
        private int pos;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        void put(byte b) {
            ensure(1);
            buf[pos++] = b;
        }

        void varint(int v) {
            varlong(v & 0xFFFFFFFFL);
        }

        void varlong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        void name(String s, String what) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > MAX_NAME_BYTES) {
                throw new IllegalArgumentException(what + " of " + b.length + " bytes exceeds " + MAX_NAME_BYTES);
            }
            bytes(b);
        }

        void bytes(byte[] b) {
            varint(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, pos);
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }
    }

    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            if (buf == null) {
                throw new MalformedException("no message");
            }
            this.buf = buf;
        }

        void header() {
            if (get() != MAGIC) {
                throw new MalformedException("not a Herald frame message (bad magic byte)");
            }
            int version = get();
            if (version != VERSION) {
                throw new MalformedException("unsupported frame message version " + version);
            }
        }

        int remaining() {
            return buf.length - pos;
        }

        int get() {
            if (pos >= buf.length) {
                throw new MalformedException("truncated at byte " + pos);
            }
            return buf[pos++] & 0xFF;
        }

        long varlong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = get();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new MalformedException("variable-length number longer than 10 bytes at byte " + pos);
        }

        int length(int max, String what) {
            long n = varlong();
            if (n < 0 || n > max) {
                throw new MalformedException(what + " " + n + " out of range (at most " + max + ")");
            }
            return (int) n;
        }

        String string(int max, String what) {
            int n = length(max, what + " length");
            if (n > remaining()) {
                throw new MalformedException(what + " of " + n + " bytes but only " + remaining() + " left");
            }
            try {
                String s = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(buf, pos, n)).toString();
                pos += n;
                return s;
            } catch (CharacterCodingException e) {
                throw new MalformedException(what + " at byte " + pos + " is not valid UTF-8");
            }
        }
    }
}
