package dev.herald.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.protocol.ClientMessages;
import dev.herald.protocol.CloseCodes;
import dev.herald.protocol.Fields;
import dev.herald.protocol.ServerMessage;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The connection state machine behind {@link HeraldClient}. Everything but the {@code volatile} fields and
 * {@link #post} runs on the one client thread, so no state here needs a lock; each socket is tagged with a
 * generation so that late news from a socket already replaced is ignored.
 */
final class ClientEngine {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration CLOSE_HANDSHAKE = Duration.ofSeconds(1);

    private final Options options;
    private final Backoff backoff;
    private final ScheduledThreadPoolExecutor loop;
    private final ExecutorService io;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Thread loopThread;
    private HttpClient http;

    private volatile Status.State state = Status.State.CONNECTING;
    /** The seq of the last event handed to handlers (or {@code since}); null before the first. */
    private volatile Long lastSeq;
    private WebSocket ws;
    /** The current socket's last send: the JDK allows one at a time, so each send waits for the one before. */
    private CompletableFuture<WebSocket> sending;
    private int generation;
    /** The server has sent something on the current socket, so it accepted the token. */
    private boolean confirmed;
    private int attempt;
    /** A 4003 was already answered with one retry on a fresh token; a second in a row is final. */
    private boolean authRetried;
    private boolean finished;
    private String token;
    private ScheduledFuture<?> retryTimer;
    private ScheduledFuture<?> refreshTimer;

    ClientEngine(Options options, ClientThreads threads) {
        this.options = options;
        this.backoff = new Backoff(options.minDelay(), options.maxDelay());
        this.loop = threads.loop();
        this.loopThread = threads.loopThread();
        this.io = threads.io();
        this.http = HttpClient.newBuilder().executor(io).connectTimeout(options.connectTimeout()).build();
        this.lastSeq = options.since();
    }

    void start() {
        post(() -> {
            setStatus(Status.of(Status.State.CONNECTING));
            connect();
        });
    }

    /** Runs {@code task} on the client thread; false (and dropped) once the client has finished. */
    boolean post(Runnable task) {
        try {
            loop.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    report(e); // the client thread must survive anything a handler or a frame does
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false; // finished: nothing is listening any more
        }
    }

    /** Waits (at most {@code timeout}) until the client thread has stopped. */
    void awaitStopped(Duration timeout) {
        try {
            loop.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean onClientThread() {
        return Thread.currentThread() == loopThread;
    }

    Status.State state() {
        return state;
    }

    OptionalLong lastSeq() {
        Long s = lastSeq;
        return s == null ? OptionalLong.empty() : OptionalLong.of(s);
    }

    AutoCloseable subscribe(String type, Consumer<HeraldEvent> handler) {
        Subscriptions.Registration r = new Subscriptions.Registration(type, handler);
        post(() -> send(subscriptions.add(r)));
        return () -> post(() -> send(subscriptions.remove(r)));
    }

    private void connect() {
        if (finished) {
            return;
        }
        try {
            token = options.tokenSupplier() != null ? options.tokenSupplier().get() : options.token();
        } catch (RuntimeException e) {
            report(e);
            retry(1006, "token supplier failed: " + FrameListener.describe(e));
            return;
        }
        int gen = ++generation;
        confirmed = false;
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(options.connectTimeout());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.buildAsync(ResumeUri.of(options.uri(), lastSeq), new FrameListener(this, gen))
                .whenComplete((socket, error) -> {
                    if (error != null) {
                        post(() -> onClosed(gen, 1006, FrameListener.describe(error)));
                    }
                });
    }

    void onOpen(int gen, WebSocket socket) {
        if (gen != generation || finished) {
            socket.abort();
            return;
        }
        ws = socket;
        sending = CompletableFuture.completedFuture(socket);
        // Always a subscribe, even for no types: the server's reply is what confirms the token was accepted.
        send(subscriptions.onConnect());
    }

    void onText(int gen, String text) {
        if (gen != generation || finished) {
            return;
        }
        confirm();
        JsonNode json;
        try {
            json = MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            onMalformed(gen, "not JSON");
            return;
        }
        ServerMessage m = ServerMessage.of(json).orElse(null);
        if (m == null) {
            onMalformed(gen, "not a Herald message");
        } else if (m.isEvent()) {
            deliver(m, text);
        } else {
            onReply(m);
        }
    }

    private void confirm() {
        if (confirmed) {
            return;
        }
        confirmed = true;
        attempt = 0;
        authRetried = false;
        setStatus(Status.of(Status.State.OPEN));
        scheduleRefresh(generation);
    }

    private void deliver(ServerMessage m, String text) {
        if (m.seq() != null) {
            Long last = lastSeq;
            if (last != null && m.seq() <= last) {
                return; // delivered before the reconnect
            }
            lastSeq = m.seq();
        }
        JsonNode id = m.json().get(Fields.ID);
        JsonNode ts = m.json().get(Fields.TIMESTAMP);
        HeraldEvent event = new HeraldEvent(m.type(), id != null && id.isTextual() ? id.textValue() : null,
                m.seq() == null ? OptionalLong.empty() : OptionalLong.of(m.seq()),
                ts != null && ts.isTextual() ? ts.textValue() : null, m.data(), text);
        for (Consumer<HeraldEvent> h : subscriptions.handlersOf(m.type())) {
            try {
                h.accept(event);
            } catch (RuntimeException e) {
                report(e);
            }
        }
    }

    private void onReply(ServerMessage m) {
        switch (m.reply()) {
            case PING -> send(ClientMessages.pong());
            case RECOVERY_FAILED -> {
                JsonNode from = m.data().get(Fields.FROM);
                setStatus(Status.recoveryFailed(from != null && from.canConvertToLong() ? from.asLong() : 0));
            }
            case ERROR -> report(new IllegalStateException("herald: " + m.data().path(Fields.CODE).asText("error")
                    + ": " + m.data().path(Fields.DETAIL).asText("")));
            default -> { } // subscribed, unsubscribed, pong, connected, refreshed: nothing to do
        }
    }

    void onMalformed(int gen, String what) {
        if (gen == generation && !finished) {
            report(new IllegalArgumentException("herald: ignored a frame from the server: " + what));
        }
    }

    void onClosed(int gen, int code, String reason) {
        if (gen != generation) {
            return;
        }
        generation++; // anything more from this socket is stale
        ws = null;
        cancel(refreshTimer);
        if (finished) {
            shutdown();
            return;
        }
        boolean canRenew = options.tokenSupplier() != null;
        if (code == CloseCodes.UNAUTHORIZED) {
            // One more try with a fresh token; a second refusal in a row is final, never a loop.
            if (canRenew && !authRetried) {
                authRetried = true;
                retry(code, reason);
            } else {
                fail(code, reason);
            }
        } else if (code == CloseCodes.TOKEN_EXPIRED && !canRenew) {
            fail(code, reason);
        } else {
            retry(code, reason);
        }
    }

    private void retry(int code, String reason) {
        attempt++;
        if (attempt > options.maxAttempts()) {
            fail(code, reason);
            return;
        }
        Duration delay = backoff.delay(attempt);
        setStatus(Status.reconnecting(code, reason, attempt, delay));
        retryTimer = loop.schedule(() -> post(this::connect), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fail(int code, String reason) {
        finished = true;
        setStatus(Status.closed(Status.State.FAILED, code, reason));
        shutdown();
    }

    /** Called on the client thread by {@link HeraldClient#close()}. */
    void close() {
        if (finished) {
            return;
        }
        finished = true;
        cancel(retryTimer);
        cancel(refreshTimer);
        setStatus(Status.closed(Status.State.CLOSED, CloseCodes.NORMAL, "client closed"));
        WebSocket socket = ws;
        if (socket == null) {
            shutdown();
            return;
        }
        sending.thenCompose(w -> w.sendClose(CloseCodes.NORMAL, "client closed"));
        // The server's answering close ends it (onClosed); one that never answers is cut off.
        loop.schedule(() -> post(() -> {
            socket.abort();
            shutdown();
        }), CLOSE_HANDSHAKE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduleRefresh(int gen) {
        Instant exp = TokenExpiry.of(token).orElse(null);
        if (options.tokenSupplier() == null || exp == null) {
            return;
        }
        Duration delay = TokenExpiry.refreshDelay(Instant.now(), exp);
        refreshTimer = loop.schedule(() -> post(() -> refresh(gen, exp)), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refresh(int gen, Instant expiring) {
        if (gen != generation || ws == null || finished) {
            return;
        }
        String fresh;
        try {
            fresh = options.tokenSupplier().get();
        } catch (RuntimeException e) {
            report(e); // the server closes 4004 at expiry, and the reconnect asks the supplier again
            return;
        }
        token = fresh;
        send(ClientMessages.refresh(fresh));
        // The same token again would only repeat this at once; expiry (4004) and a reconnect take over then.
        if (TokenExpiry.of(fresh).map(e -> e.isAfter(expiring)).orElse(false)) {
            scheduleRefresh(gen);
        }
    }

    private void send(String message) {
        WebSocket socket = ws;
        if (message != null && socket != null) {
            sending = sending.thenCompose(w -> w.sendText(message, true)).handle((w, e) -> {
                if (e != null) {
                    post(() -> report(e)); // a send on a closing socket: the close that follows reconnects
                }
                return socket;
            });
        }
    }

    private void setStatus(Status s) {
        state = s.state();
        if (options.onStatus() != null) {
            try {
                options.onStatus().accept(s);
            } catch (RuntimeException e) {
                report(e);
            }
        }
    }

    private void report(Throwable e) {
        try {
            options.onError().accept(e);
        } catch (RuntimeException ignored) {
            // an error handler that fails has nowhere left to report to
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Stops both threads and lets go of the HTTP client, so a finished client leaves no thread behind. */
    private void shutdown() {
        loop.shutdown();
        io.shutdown();
        HttpClient h = http;
        http = null;
        if (h != null) {
            JdkHttp.shutdownNow(h);
        }
    }
}
