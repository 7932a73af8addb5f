package dev.herald.client;

import dev.herald.protocol.EventTypeNames;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A connection to Herald's {@code /ws/events} or {@code /ws/{user}} that stays up: it reconnects with jittered
 * exponential backoff, resumes after the last seq it delivered, keeps the server's type filter equal to the union
 * of its handlers' types, answers the server's JSON pings, and refreshes its token in-band before it expires.
 *
 * <pre>{@code
 * HeraldClient client = HeraldClient.builder(URI.create("wss://host/ws/events"))
 *         .tokenSupplier(() -> tokens.fresh())
 *         .onStatus(s -> log.info("herald: {}", s.state()))
 *         .build();
 * AutoCloseable sub = client.subscribe("proof_complete", e -> show(e.data()));
 * }</pre>
 *
 * <p><b>Delivery.</b> Each event the server accepted after the client's starting point reaches the handlers of
 * its type once, in seq order, across any number of reconnects and server restarts, as long as the server's
 * history (SPEC §8) still holds it when the client is back; when it no longer does, a {@link Status} with
 * {@link Status#recoveryFailed()} says so and live delivery continues. The starting point is {@code since} if
 * given, else the first event received: a connection lost before any event arrived resumes live only.
 *
 * <p><b>Threads.</b> Handlers, {@code onStatus}, {@code onError} and the token supplier all run on one thread
 * owned by this client ({@code herald-client-<n>}), one call at a time, so handlers need no locking among
 * themselves. A slow handler delays the following events (the socket is read no faster), it does not lose
 * them. The other methods may be called from any thread. After {@link Status.State#FAILED} or
 * {@link Status.State#CLOSED} the client holds no thread.
 */
public final class HeraldClient implements AutoCloseable {
    private final ClientEngine engine;

    private HeraldClient(ClientEngine engine) {
        this.engine = engine;
    }

    /** A builder for {@code uri}: {@code ws://} or {@code wss://}, path {@code /ws/events} or {@code /ws/{user}}. */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /**
     * Calls {@code handler} with each event of {@code type} ({@code "*"}: every type, Herald's {@code system_status}
     * included). Closing the result removes the handler; when it was its type's last, the server stops sending
     * that type.
     *
     * @throws IllegalArgumentException when {@code type} is neither an event type name nor {@code "*"}
     */
    public AutoCloseable subscribe(String type, Consumer<HeraldEvent> handler) {
        if (!EventTypeNames.isValidFilter(type)) {
            throw new IllegalArgumentException("not an event type name or \"*\": " + type);
        }
        return engine.subscribe(type, Objects.requireNonNull(handler, "handler"));
    }

    /** The seq of the last event handed to the handlers (or the {@code since} given), empty before any. */
    public OptionalLong lastSeq() {
        return engine.lastSeq();
    }

    /** Whether the connection is open (the server accepted the token and is sending). */
    public boolean connected() {
        return engine.state() == Status.State.OPEN;
    }

    public Status.State status() {
        return engine.state();
    }

    /**
     * Closes for good: status CLOSED, no reconnect, and (unless called from a handler) back once the client's
     * threads have stopped or a second has passed. Does nothing after FAILED.
     */
    @Override
    public void close() {
        engine.post(engine::close);
        if (!engine.onClientThread()) {
            engine.awaitStopped(Duration.ofSeconds(2));
        }
    }

    /** Settings of a {@link HeraldClient}; {@link #build()} starts connecting. */
    public static final class Builder {
        private final URI uri;
        private String token;
        private Supplier<String> tokenSupplier;
        private Long since;
        private Duration minDelay = Duration.ofSeconds(1);
        private Duration maxDelay = Duration.ofSeconds(30);
        private int maxAttempts = 10;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Consumer<Status> onStatus;
        private Consumer<Throwable> onError = e -> System.getLogger(HeraldClient.class.getName())
                .log(System.Logger.Level.WARNING, e.getMessage(), e);

        private Builder(URI uri) {
            String scheme = Objects.requireNonNull(uri, "uri").getScheme();
            if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("a Herald stream is at a ws:// or wss:// address: " + uri);
            }
            this.uri = uri;
        }

        /** A fixed JWT, sent as {@code Authorization: Bearer}. When it expires (4004) the client fails. */
        public Builder token(String token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * Where fresh JWTs come from: asked before every connection attempt and, for a token with {@code exp},
         * shortly before it expires (the new one is sent in-band). Called on the client thread.
         */
        public Builder tokenSupplier(Supplier<String> supplier) {
            this.tokenSupplier = Objects.requireNonNull(supplier, "supplier");
            return this;
        }

        /** Start after this seq: the server first replays the later events still in its history. */
        public Builder since(long seq) {
            if (seq < 0) {
                throw new IllegalArgumentException("since must be a non-negative seq");
            }
            this.since = seq;
            return this;
        }

        /** First reconnect delay (default 1 s); it doubles per attempt, each drawn from [d/2, d]. */
        public Builder minDelay(Duration d) {
            this.minDelay = positive(d, "minDelay");
            return this;
        }

        /** Largest reconnect delay (default 30 s). */
        public Builder maxDelay(Duration d) {
            this.maxDelay = positive(d, "maxDelay");
            return this;
        }

        /** Reconnect attempts in a row before the status becomes FAILED (default 10). */
        public Builder maxAttempts(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxAttempts must be >= 0");
            }
            this.maxAttempts = n;
            return this;
        }

        /** How long one connection attempt may take (default 10 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        /** Told of every status change, on the client thread. */
        public Builder onStatus(Consumer<Status> listener) {
            this.onStatus = listener;
            return this;
        }

        /**
         * Told of what the client survives: a handler that threw, a frame it could not use, an {@code error} reply,
         * a token supplier that failed. Default: a WARNING on {@link System.Logger}.
         */
        public Builder onError(Consumer<Throwable> listener) {
            this.onError = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Creates the client and starts connecting. Subscribe right after: the connection's first {@code subscribe}
         * (and so a {@code since} replay) covers the types subscribed by the time the socket opens; a type added
         * later gets its events from then on.
         */
        public HeraldClient build() {
            if (maxDelay.compareTo(minDelay) < 0) {
                throw new IllegalArgumentException("maxDelay is shorter than minDelay");
            }
            ClientEngine engine = new ClientEngine(new Options(uri, token, tokenSupplier, since, minDelay, maxDelay,
                    maxAttempts, connectTimeout, onStatus, onError), ClientThreads.create());
            engine.start();
            return new HeraldClient(engine);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
