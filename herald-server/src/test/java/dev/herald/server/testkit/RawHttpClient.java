package dev.herald.server.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bare-socket HTTP/1.1 client that sends exactly what the test writes — a head that promises a huge body, a
 * body that never ends — and reads the answer while it is still sending, the way an attacker's client would.
 */
public final class RawHttpClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final int port;

    private RawHttpClient(Socket socket, int port) throws IOException {
        this.socket = socket;
        this.port = port;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    public static RawHttpClient connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return new RawHttpClient(s, port);
    }

    /** Writes the request line and headers ({@code name: value} lines) and the blank line that ends them. */
    public RawHttpClient head(String requestLine, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return this;
    }

    /** Writes {@code bytes}; false once the server has stopped reading (closed or reset the connection). */
    public boolean write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes one chunk of a {@code Transfer-Encoding: chunked} body. */
    public boolean writeChunk(byte[] bytes) {
        byte[] size = (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = Arrays.copyOf(size, size.length + bytes.length + 2);
        System.arraycopy(bytes, 0, frame, size.length, bytes.length);
        frame[frame.length - 2] = '\r';
        frame[frame.length - 1] = '\n';
        return write(frame);
    }

    /** True once the server has closed the connection (end of stream or reset), without waiting. */
    public boolean isClosedByServer() {
        try {
            socket.setSoTimeout(1);
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** True when the server has already answered (some bytes are waiting to be read). */
    public boolean answered() throws IOException {
        return in.available() > 0;
    }

    /** The status code of the answer, waiting at most {@code timeoutMs}; -1 when none came in that time. */
    public int status(int timeoutMs) throws IOException {
        String head = readHead(timeoutMs);
        if (head == null || !head.startsWith("HTTP/1.")) { // Netty answers a refused request line as HTTP/1.0
            return -1;
        }
        return Integer.parseInt(head.substring(9, 12));
    }

    private String readHead(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                buf.write(b);
                if (buf.size() >= 4 && buf.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    return buf.toString(StandardCharsets.ISO_8859_1);
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
