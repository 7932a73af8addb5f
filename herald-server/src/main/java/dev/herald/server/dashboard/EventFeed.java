package dev.herald.server.dashboard;

import dev.herald.core.hub.Frame;
import dev.herald.core.hub.Hub;
import dev.herald.core.hub.Subscriber;
import dev.herald.core.json.Json;
import dev.herald.server.stream.ClientSession;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;

/**
 * {@code GET /dashboard/api/stream/events}: every event of the session's tenant, whoever it targets, as it is
 * fanned out, as {@code text/event-stream}: {@code data: {"user":…,"event":<the /ws/events message>}}. A reader
 * more than {@code limits.client_queue_bytes} behind is cut off (the page reconnects). Ends when the session does.
 * Runs on its event loop, as a tenant-wide watcher of that loop's hub shard.
 */
final class EventFeed implements Subscriber, ClientSession {
    private static final long HEARTBEAT_NANOS = 15_000_000_000L;

    private final Hub.Shard shard;
    private final HttpServerResponse response;
    private final DashboardSession session;
    private final DashboardSessions sessions;
    private final int queueLimit;
    private final Promise<Void> gone = Promise.promise();
    private long pendingBytes;
    private long lastWriteNanos = System.nanoTime();
    private boolean closed;
    private Hub.Member member;

    EventFeed(Hub.Shard shard, HttpServerResponse response, DashboardSession session, DashboardSessions sessions,
              int queueLimit) {
        this.shard = shard;
        this.response = response;
        this.session = session;
        this.sessions = sessions;
        this.queueLimit = queueLimit;
    }

    /** Starts streaming; {@code whenGone} runs once the connection is gone. */
    void start(Runnable whenGone) {
        response.closeHandler(v -> {
            if (!closed) {
                closed = true;
                shard.remove(member);
            }
            session.closeStream();
            whenGone.run();
            gone.tryComplete();
        });
        DashboardRoutes.startEventStream(response);
        member = shard.add(this);
    }

    @Override
    public String tenant() {
        return session.tenant();
    }

    /** None: a watcher sees the events of every user of the tenant. */
    @Override
    public String user() {
        return null;
    }

    @Override
    public boolean wants(String type) {
        return true;
    }

    @Override
    public boolean deliver(Frame frame) {
        write("data: {\"user\":" + (frame.user() == null ? "null" : Json.quote(frame.user())) + ",\"event\":"
                + frame.text() + "}\n\n");
        return false;
    }

    private void write(String text) {
        if (closed) {
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (pendingBytes + bytes.length > queueLimit) {
            end(true);
            return;
        }
        int size = bytes.length;
        pendingBytes += size;
        lastWriteNanos = System.nanoTime();
        response.write(Buffer.buffer(bytes)).onComplete(ar -> pendingBytes -= size);
    }

    @Override
    public void tick(long nowNanos) {
        if (closed) {
            return;
        }
        if (!sessions.stillLive(session)) {
            end(false);
        } else if (nowNanos - lastWriteNanos >= HEARTBEAT_NANOS) {
            write(": heartbeat\n\n");
        }
    }

    @Override
    public void shutdown() {
        end(false);
    }

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

    @Override
    public Future<Void> whenGone() {
        return gone.future();
    }
}
