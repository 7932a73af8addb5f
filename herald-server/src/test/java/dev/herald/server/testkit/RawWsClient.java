package dev.herald.server.testkit;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A bare-socket WebSocket client that does only what the test tells it: it never answers pings and never
 * reads unless asked — the misbehaving clients (dead, slow) the server must cope with.
 */
public final class RawWsClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private String handshakeResponse = "";

    /**
     * A received frame: opcode, payload and the RSV1 bit (set on a permessage-deflate compressed message). For a close
     * frame, {@link #closeCode()} reads the code.
     */
    public record Frame(int opcode, byte[] payload, boolean rsv1) {
        public boolean isClose() {
            return opcode == 8;
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private RawWsClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens and upgrades; {@code receiveBuffer} > 0 shrinks the socket's receive buffer (a slow reader). */
    public static RawWsClient connect(int port, String pathAndQuery, String bearer, int receiveBuffer) throws IOException {
        return connect(port, pathAndQuery, bearer, receiveBuffer, "");
    }

    /** Like {@link #connect(int, String, String, int)}, with extra request header lines (each ending in CRLF). */
    public static RawWsClient connect(int port, String pathAndQuery, String bearer, int receiveBuffer, String extraHeaders)
            throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(15_000);
        RawWsClient c = new RawWsClient(s);
        String key = Base64.getEncoder().encodeToString("herald-raw-client".getBytes(StandardCharsets.UTF_8)).substring(0, 22) + "==";
        String req = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n") + extraHeaders + "\r\n";
        c.out.write(req.getBytes(StandardCharsets.US_ASCII));
        c.out.flush();
        c.readHeaders();
        return c;
    }

    private void readHeaders() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during handshake: " + sb);
            }
            sb.append((char) b);
        }
        if (!sb.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + sb.toString().lines().findFirst().orElse(""));
        }
        handshakeResponse = sb.toString();
    }

    /** The server's 101 response: status line and headers. */
    public String handshakeResponse() {
        return handshakeResponse;
    }

    /** Reads the next frame (blocking, up to the socket timeout). */
    public Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload, (b0 & 0x40) != 0);
    }

    /** Reads frames until a close frame arrives, returning it. */
    public Frame readUntilClose() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.isClose()) {
                return f;
            }
        }
    }

    /** Sends one masked text frame. */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        sendFrame(0x1, payload);
    }

    public void sendFrame(int opcode, byte[] payload) throws IOException {
        sendFrame(opcode, true, payload);
    }

    /** One masked frame; {@code fin = false} starts or continues a fragmented message. */
    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        byte[] mask = {1, 2, 3, 4};
        java.io.ByteArrayOutputStream f = new java.io.ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) (((long) payload.length >>> (8 * i)) & 0xff));
            }
        }
        f.write(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i % 4]);
        }
        out.write(f.toByteArray());
        out.flush();
    }

    /** Sends only the header of a masked frame declaring {@code length} bytes (and the mask), no payload. */
    public void sendFrameHeader(int opcode, long length) throws IOException {
        java.io.ByteArrayOutputStream f = new java.io.ByteArrayOutputStream();
        f.write(0x80 | opcode);
        f.write(0x80 | 127);
        for (int i = 7; i >= 0; i--) {
            f.write((int) ((length >>> (8 * i)) & 0xff));
        }
        f.write(new byte[] {1, 2, 3, 4});
        out.write(f.toByteArray());
        out.flush();
    }

    public InputStream input() {
        return in;
    }

    /** How long a read waits before {@link java.net.SocketTimeoutException} (15 s unless set). */
    public void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** The raw socket output, for frames the helpers above will not write (unmasked, reserved bits). */
    public OutputStream output() {
        return out;
    }

    /** Half-closes the connection: the server reads end-of-stream, the client can still read. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Drops the connection at once with a TCP reset, as a crashed client or a pulled cable would. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
