package dev.herald.server.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP/1.1 server on loopback that records every request it gets and answers as the test says:
 * a status, a slow answer, a redirect, a huge body, no answer at all, or a TCP reset. Keeps connections alive
 * like a real receiver, so the sender's connection pooling is exercised too.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A request as received: headers by lower-case name. */
    public record Request(String method, String path, Map<String, String> headers, byte[] body, Instant at) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How to answer one request. */
    public sealed interface Answer {
        record Status(int code, String body, Map<String, String> headers, Duration delay) implements Answer {
        }

        record HugeBody(int code, long bytes) implements Answer {
        }

        /** Reads the request and never answers; the connection stays open until the sender gives up. */
        record Hang() implements Answer {
        }

        /** Reads the request, then closes the connection with a TCP reset. */
        record Reset() implements Answer {
        }
    }

    public static Answer ok() {
        return status(200, "{\"received\":true}");
    }

    public static Answer status(int code, String body) {
        return new Answer.Status(code, body, Map.of(), Duration.ZERO);
    }

    public static Answer status(int code, String body, Map<String, String> headers) {
        return new Answer.Status(code, body, headers, Duration.ZERO);
    }

    public static Answer slow(Duration delay) {
        return new Answer.Status(200, "{\"received\":true}", Map.of(), delay);
    }

    public static Answer redirect(int code, String location) {
        return new Answer.Status(code, "", Map.of("Location", location), Duration.ZERO);
    }

    public static Answer hugeBody(long bytes) {
        return new Answer.HugeBody(200, bytes);
    }

    public static Answer hang() {
        return new Answer.Hang();
    }

    public static Answer reset() {
        return new Answer.Reset();
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger maxInProgress = new AtomicInteger();
    private volatile Function<Request, Answer> answers = r -> ok();

    private WebhookReceiver() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        threads.execute(this::acceptLoop);
    }

    public static WebhookReceiver start() {
        try {
            return new WebhookReceiver();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>/hook}. */
    public String url() {
        return url("/hook");
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    public void answer(Answer answer) {
        answers = r -> answer;
    }

    /** Answers the n-th request (from 0, counted over the receiver's life) with {@code byIndex.apply(n)}. */
    public void answerByIndex(Function<Integer, Answer> byIndex) {
        AtomicInteger n = new AtomicInteger();
        answers = r -> byIndex.apply(n.getAndIncrement());
    }

    public void answer(Function<Request, Answer> byRequest) {
        answers = byRequest;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public int maxConcurrent() {
        return maxInProgress.get();
    }

    public void awaitRequests(int n, Duration timeout) {
        Eventually.until("the receiver got " + n + " requests (has " + requests.size() + ")", timeout,
                () -> requests.size() >= n);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                Request request = read(in);
                if (request == null) {
                    return;
                }
                int now = inProgress.incrementAndGet();
                maxInProgress.accumulateAndGet(now, Math::max);
                requests.add(request);
                try {
                    if (!respond(answers.apply(request), socket, out)) {
                        return;
                    }
                } finally {
                    inProgress.decrementAndGet();
                }
            }
        } catch (IOException | InterruptedException e) {
            // the sender closed or reset the connection
        } finally {
            sockets.remove(socket);
        }
    }

    /** @return whether the connection may carry another request */
    private static boolean respond(Answer answer, Socket socket, OutputStream out) throws IOException, InterruptedException {
        if (answer instanceof Answer.Status s) {
            if (!s.delay().isZero()) {
                Thread.sleep(s.delay().toMillis());
            }
            byte[] body = s.body().getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("HTTP/1.1 " + s.code() + " X\r\nContent-Length: " + body.length
                    + "\r\nContent-Type: application/json\r\n");
            s.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return true;
        }
        if (answer instanceof Answer.HugeBody h) {
            out.write(("HTTP/1.1 " + h.code() + " OK\r\nContent-Length: " + h.bytes() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (long sent = 0; sent < h.bytes(); sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, h.bytes() - sent));
            }
            out.flush();
            return true;
        }
        if (answer instanceof Answer.Hang) {
            while (socket.getInputStream().read() >= 0) {
                // wait for the sender to give up
            }
            return false;
        }
        socket.setSoLinger(true, 0); // Answer.Reset: RST instead of FIN
        socket.close();
        return false;
    }

    private static Request read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null) {
            return null;
        }
        Map<String, String> headers = new TreeMap<>();
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        String[] parts = requestLine.split(" ");
        return new Request(parts[0], parts.length > 1 ? parts[1] : "", headers, body, Instant.now());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : new ArrayList<>(sockets)) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        threads.shutdownNow();
    }
}
