package dev.herald.server.sse;

import dev.herald.core.auth.Principal;
import dev.herald.core.hub.Frame;
import dev.herald.core.hub.Hub;
import dev.herald.core.hub.Subscriber;
import dev.herald.server.ServerContext;
import dev.herald.server.stream.ClientSession;
import dev.herald.server.stream.EventCursor;
import dev.herald.server.ws.Replies;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code /sse/events} client: the same events as {@code /ws/events} as {@code text/event-stream}, a
 * comment heartbeat every 15 s, recovery from {@code Last-Event-ID}. A client that falls behind, or whose
 * token expires, has its connection closed (it reconnects with {@code Last-Event-ID}). Runs on its event loop.
 */
public final class SseSession implements Subscriber, ClientSession {
    private static final long HEARTBEAT_NANOS = 15_000_000_000L;
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private final ServerContext ctx;
    private final Hub.Shard shard;
    private final HttpServerResponse response;
    private final Principal principal;
    private final Set<String> types;
    private final EventCursor cursor = new EventCursor();
    private final AtomicInteger gauge;
    private final int queueLimit;
    private long pendingBytes;
    private long lastWriteNanos = System.nanoTime();
    private boolean closed;
    /** This stream in the hub's index; removing it twice is harmless. */
    private Hub.Member member;
    private Runnable onGone = () -> { };
    private final io.vertx.core.Promise<Void> gonePromise = io.vertx.core.Promise.promise();

    /** @param types the {@code ?types=} filter, or null for all */
    public SseSession(ServerContext ctx, Hub.Shard shard, HttpServerResponse response, Principal principal, Set<String> types) {
        this.ctx = ctx;
        this.shard = shard;
        this.response = response;
        this.principal = principal;
        this.types = types;
        this.gauge = ctx.metrics().connectionsOf("/sse/events");
        this.queueLimit = ctx.config().limits().clientQueueBytes();
        response.closeHandler(v -> gone());
    }

    public void start(Long lastEventId, Runnable whenGone) {
        this.onGone = whenGone;
        gauge.incrementAndGet();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
        member = shard.add(this);
        if (lastEventId != null) {
            cursor.replay(ctx.recovery(), io.vertx.core.Vertx.currentContext(), principal.tenant(), lastEventId,
                    f -> (f.user() == null || f.user().equals(principal.subject())) && wants(f.type()),
                    new PacedOutput(),
                    r -> {
                        if (!r.complete()) {
                            write(("event: recovery_failed\ndata: " + Replies.recoveryFailed(r.oldestHeld()) + "\n\n")
                                    .getBytes(StandardCharsets.UTF_8));
                        }
                    });
        }
    }

    @Override
    public String tenant() {
        return principal.tenant();
    }

    @Override
    public String user() {
        return principal.subject();
    }

    @Override
    public boolean wants(String type) {
        return principal.allowsType(type) && (types == null || types.contains(type));
    }

    @Override
    public boolean deliver(Frame frame) {
        if (cursor.recovering()) {
            if (!cursor.hold(frame, queueLimit)) {
                ctx.metrics().slowConsumer();
                end(true);
            }
            return false; // sent after the replay that is reading the store
        }
        if (cursor.admit(frame.seq())) {
            if (write(frame.sse())) {
                ctx.metrics().sseDelivered();
            } else {
                ctx.metrics().sseDropped();
            }
        }
        return false; // written through Vert.x, which flushes each write
    }

    private boolean write(byte[] bytes) {
        return writeOut(bytes) != null;
    }

    /** Writes {@code bytes}; the write's future, or null when the stream is closed or was just dropped as a slow consumer. */
    private io.vertx.core.Future<Void> writeOut(byte[] bytes) {
        if (closed) {
            return null;
        }
        if (pendingBytes + bytes.length > queueLimit) {
            ctx.metrics().slowConsumer();
            end(true);
            return null;
        }
        int size = bytes.length;
        pendingBytes += size;
        lastWriteNanos = System.nanoTime();
        io.vertx.core.Future<Void> written = response.write(Buffer.buffer(bytes));
        written.onComplete(ar -> pendingBytes -= size);
        return written;
    }

    /** A replay's writes: paced by the completion of its last write (Vert.x completes it once the socket took it). */
    private final class PacedOutput implements dev.herald.server.stream.ReplayOutput {
        private io.vertx.core.Future<Void> last;

        @Override
        public boolean fits(Frame frame) {
            return last == null || last.isComplete() || pendingBytes + frame.sse().length <= queueLimit / 2;
        }

        @Override
        public boolean send(Frame frame) {
            io.vertx.core.Future<Void> written = writeOut(frame.sse());
            if (written == null) {
                return false;
            }
            last = written;
            return true;
        }

        @Override
        public void flush() {
            // Vert.x flushes each write
        }

        @Override
        public void afterDrain(Runnable resume) {
            if (last == null || last.isComplete()) {
                resume.run();
            } else {
                last.onComplete(ar -> resume.run());
            }
        }
    }

    @Override
    public void tick(long nowNanos) {
        if (closed) {
            return;
        }
        if (!Instant.now().isBefore(principal.expiresAt())) {
            end(false);
        } else if (nowNanos - lastWriteNanos >= HEARTBEAT_NANOS) {
            write(HEARTBEAT);
        }
    }

    @Override
    public void shutdown() {
        end(false);
    }

    /** Stops the stream: a slow consumer's connection is dropped at once, otherwise the response ends cleanly. */
    private void end(boolean drop) {
        if (closed) {
            return;
        }
        closed = true;
        shard.remove(member);
        if (drop) {
            response.reset();
        } else {
            response.end();
        }
    }

    private void gone() {
        if (!closed) {
            closed = true;
            shard.remove(member);
        }
        gauge.decrementAndGet();
        onGone.run();
        gonePromise.tryComplete();
    }

    @Override
    public io.vertx.core.Future<Void> whenGone() {
        return gonePromise.future();
    }
}
