package dev.herald.bench.load;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a publish body, {@code {"events":[{"type":"bench.tick",["user":"u<i>",]"data":{"bench_ns":<stamp>,
 * "pad":"xx…"}},…]}}, straight into a {@link ByteBuf}: constant parts are bytes encoded once, numbers are written
 * digit by digit, no String per request. With {@code --route} each event names the next user round robin over the
 * subscribers' users ({@link Subscribers#user}), so each gets an equal share. Thread-safe.
 */
final class PublishBody {
    private static final byte[] OPEN = ascii("{\"events\":[");
    private static final byte[] TYPE = ascii("{\"type\":\"bench.tick\",");
    private static final byte[] USER = ascii("\"user\":\"u");
    private static final byte[] DATA = ascii("\"data\":{\"" + Stamp.FIELD + "\":");
    private static final byte[] PAD = ascii(",\"pad\":\"");
    private static final byte[] CLOSE_EVENT = ascii("\"}}");
    private static final byte[] CLOSE = ascii("]}");

    private final byte[] padding;
    private final boolean route;
    private final int users;
    private final AtomicLong nextUser = new AtomicLong();

    PublishBody(int paddingBytes, boolean route, int users) {
        this.padding = ascii("x".repeat(Math.max(0, paddingBytes)));
        this.route = route;
        this.users = Math.max(1, users);
    }

    /** About how many bytes a batch takes, to size the buffer once. */
    int sizeHint(int batch) {
        return OPEN.length + CLOSE.length + batch * (TYPE.length + USER.length + 12 + DATA.length + 20 + PAD.length
                + padding.length + CLOSE_EVENT.length + 1);
    }

    void write(ByteBuf out, long stamp, int batch) {
        long user = route ? nextUser.getAndAdd(batch) : 0;
        out.writeBytes(OPEN);
        for (int i = 0; i < batch; i++) {
            if (i > 0) {
                out.writeByte(',');
            }
            out.writeBytes(TYPE);
            if (route) {
                out.writeBytes(USER);
                writeDecimal(out, (user + i) % users);
                out.writeByte('"').writeByte(',');
            }
            out.writeBytes(DATA);
            writeDecimal(out, stamp);
            out.writeBytes(PAD).writeBytes(padding).writeBytes(CLOSE_EVENT);
        }
        out.writeBytes(CLOSE);
    }

    static void writeDecimal(ByteBuf out, long v) {
        if (v < 0) {
            out.writeByte('-');
            v = -v;
        }
        int digits = HttpPublisher.digits(v);
        int at = out.writerIndex();
        out.ensureWritable(digits);
        for (int i = digits - 1; i >= 0; i--, v /= 10) {
            out.setByte(at + i, (int) ('0' + v % 10));
        }
        out.writerIndex(at + digits);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
