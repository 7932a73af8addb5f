package dev.herald.server.webhook;

import dev.herald.core.webhook.Attempt;
import dev.herald.core.webhook.AttemptError;
import dev.herald.core.webhook.ResolvedTarget;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * POSTs one signed body with Vert.x's non-blocking HTTP client, to an address {@link
 * dev.herald.core.webhook.TargetGuard} already judged (never a fresh lookup: no DNS rebinding between check and
 * connect), with the URL's host as {@code Host} and TLS SNI, certificates verified against the JVM's trust
 * store. Redirects are not followed. The whole attempt — connect, TLS, request, full answer — must finish
 * within {@code timeout}; the answer's body is read up to {@link #MAX_RESPONSE_BYTES}, beyond which the
 * connection is dropped and the attempt fails {@code response_too_large}. Completes on a Vert.x event loop,
 * never fails: every outcome is a {@link SendResult}.
 */
final class WebhookSender {
    static final int MAX_RESPONSE_BYTES = 256 * 1024;

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final Duration timeout;

    WebhookSender(Vertx vertx, Duration timeout, int maxConnectionsPerHost) {
        this.vertx = vertx;
        this.timeout = timeout;
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setMaxRedirects(0)
                .setVerifyHost(true)
                .setForceSni(true)
                .setKeepAlive(true)
                .setKeepAliveTimeout(30)
                .setDecompressionSupported(false)
                .setTcpNoDelay(true);
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(maxConnectionsPerHost));
    }

    Future<SendResult> send(ResolvedTarget target, InetAddress address, Map<String, String> headers, Buffer body) {
        Promise<SendResult> result = Promise.promise();
        URI url = target.url();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String host = target.host().startsWith("[") ? target.host().substring(1, target.host().length() - 1) : target.host();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(host)
                .setPort(target.port())
                .setSsl(https)
                .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()))
                .setURI(path)
                .setFollowRedirects(false)
                .setConnectTimeout(timeout.toMillis());
        headers.forEach(options::putHeader);
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        long timer = vertx.setTimer(timeout.toMillis(), id -> {
            if (result.tryComplete(SendResult.failed(AttemptError.TIMEOUT)) && inFlight.get() != null) {
                inFlight.get().reset();
            }
        });
        client.request(options).onComplete(ar -> {
            if (ar.failed()) {
                result.tryComplete(SendResult.failed(classify(ar.cause())));
                return;
            }
            HttpClientRequest request = ar.result();
            inFlight.set(request);
            if (result.future().isComplete()) {
                request.reset();
                return;
            }
            request.send(body).onComplete(resp -> {
                if (resp.failed()) {
                    result.tryComplete(SendResult.failed(classify(resp.cause())));
                } else {
                    readAnswer(resp.result(), request, result);
                }
            });
        });
        return result.future().onComplete(done -> vertx.cancelTimer(timer));
    }

    private static void readAnswer(HttpClientResponse response, HttpClientRequest request, Promise<SendResult> result) {
        int status = response.statusCode();
        String retryAfter = response.getHeader("Retry-After");
        Buffer kept = Buffer.buffer();
        long[] total = {0};
        response.handler(chunk -> {
            total[0] += chunk.length();
            if (total[0] > MAX_RESPONSE_BYTES) {
                result.tryComplete(new SendResult(status, excerpt(kept), retryAfter, AttemptError.RESPONSE_TOO_LARGE));
                request.reset();
                return;
            }
            int keep = Attempt.EXCERPT_BYTES + 4; // a few bytes past the cut show whether it splits a character
            if (kept.length() < keep) {
                kept.appendBuffer(chunk, 0, Math.min(chunk.length(), keep - kept.length()));
            }
        });
        response.exceptionHandler(e -> result.tryComplete(SendResult.failed(classify(e))));
        response.endHandler(v -> {
            AttemptError error = status >= 300 && status < 400 ? AttemptError.REDIRECT : null;
            result.tryComplete(new SendResult(status, excerpt(kept), retryAfter, error));
        });
    }

    /** Up to 1 KiB of UTF-8, never splitting a character; bytes that are not UTF-8 become U+FFFD. */
    static String excerpt(Buffer bytes) {
        if (bytes.length() == 0) {
            return null;
        }
        byte[] b = bytes.getBytes();
        int end = Math.min(b.length, Attempt.EXCERPT_BYTES);
        if (b.length > end) {
            while (end > 0 && (b[end] & 0xC0) == 0x80) {
                end--; // b[end] continues a character that began before the cut: cut before that character
            }
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    static AttemptError classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return AttemptError.TLS;
            }
            if (c instanceof UnknownHostException) {
                return AttemptError.DNS;
            }
            if (c instanceof TimeoutException || c instanceof io.netty.channel.ConnectTimeoutException) {
                return AttemptError.TIMEOUT;
            }
            if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
                String m = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
                return m.contains("timed out") ? AttemptError.TIMEOUT : AttemptError.CONNECTION_REFUSED;
            }
        }
        return AttemptError.CONNECTION_RESET;
    }

    Future<Void> close() {
        return client.close();
    }
}
