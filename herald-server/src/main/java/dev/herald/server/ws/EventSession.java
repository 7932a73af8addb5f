package dev.herald.server.ws;

import dev.herald.core.auth.Principal;
import dev.herald.core.error.HeraldException;
import dev.herald.core.hub.Frame;
import dev.herald.core.hub.Hub;
import dev.herald.core.hub.Subscriber;
import dev.herald.server.ServerContext;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.limits.TokenBucket;
import dev.herald.core.error.ErrorCode;
import dev.herald.server.stream.EventCursor;
import io.vertx.core.http.ServerWebSocket;

import java.time.Instant;
import java.util.Optional;

/**
 * One client of {@code /ws/events} or {@code /ws/{user}}: receives the tenant's broadcasts and its user's
 * targeted events through its type filter, answers control messages, and is closed when its token expires
 * (4004), it stops answering (4009) or falls behind (4008). Runs on its event loop only.
 */
public final class EventSession extends WsSession implements Subscriber {
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final ServerContext ctx;
    private final Hub.Shard shard;
    private final boolean userEndpoint;
    private final String user;
    private final TypeFilter filter = new TypeFilter();
    private Principal principal;
    private final EventCursor cursor = new EventCursor();
    private final dev.herald.server.stream.ReplayOutput replayOutput = replayOutput();
    private long lastPingNanos = System.nanoTime();
    /** This connection in the hub's index while registered, else null. */
    private Hub.Member member;
    /** This connection's event loop, where replays complete (messages arrive outside any Vert.x dispatch). */
    private final io.vertx.core.Context context = ((io.vertx.core.internal.ContextInternal) java.util.Objects.requireNonNull(
            io.vertx.core.Vertx.currentContext(), "an event session starts on its event loop")).unwrap();
    /** {@code limits.client_message_rate}; null when there is no such limit. */
    private final TokenBucket messageRate;

    public EventSession(ServerContext ctx, Hub.Shard shard, ServerWebSocket ws, Principal principal, String user,
                        boolean userEndpoint) {
        super(ws, ctx.metrics().connectionsOf(userEndpoint ? "/ws/{user}" : "/ws/events"),
                ctx.config().limits().clientQueueBytes());
        this.ctx = ctx;
        this.shard = shard;
        this.principal = principal;
        this.user = user;
        this.userEndpoint = userEndpoint;
        HeraldConfig.RateLimit rate = ctx.config().limits().clientMessages();
        this.messageRate = rate.enabled() ? new TokenBucket(rate.perSecond(), rate.burst(), lastPingNanos) : null;
        detach(ctx.config().limits().closeGrace());
    }

    /**
     * Registers with the hub and, if asked, replays what the client missed since {@code since}. Does nothing when the
     * connection is already gone: a client that reset it while the upgrade was answered (a reconnect storm on a busy
     * node) is closed by {@link #detach} before this runs, and registering it then would keep it in the hub for good.
     */
    public void start(Long since) {
        if (isClosed()) {
            return;
        }
        if (userEndpoint) {
            sendText(Replies.connected());
        }
        member = shard.add(this);
        if (since != null) {
            recover(since);
        }
    }

    @Override
    public String tenant() {
        return principal.tenant();
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public boolean wants(String type) {
        return principal.allowsType(type) && filter.accepts(type);
    }

    @Override
    public boolean deliver(Frame frame) {
        if (cursor.recovering()) {
            if (!cursor.hold(frame, ctx.config().limits().clientQueueBytes())) {
                closeAsSlowConsumer();
            }
            return false; // sent after the replay that is reading the store
        }
        if (!cursor.admit(frame.seq())) {
            return false; // already sent during recovery
        }
        boolean wasDirty = isDirty();
        if (!write(frame)) {
            ctx.metrics().dropped();
            return false;
        }
        ctx.metrics().delivered();
        return !wasDirty;
    }

    private void recover(long since) {
        cursor.replay(ctx.recovery(), context, principal.tenant(), since,
                f -> (f.user() == null || f.user().equals(user)) && wants(f.type()),
                replayOutput,
                r -> {
                    flush();
                    if (!r.complete()) {
                        sendText(Replies.recoveryFailed(r.oldestHeld()));
                    }
                });
    }

    @Override
    protected void onBinaryMessage() {
        rejectMessage("binary frames are not accepted; send JSON text");
    }

    @Override
    protected void onTextMessage(String text) {
        sawTraffic();
        if (isClosed()) {
            return;
        }
        if (messageRate != null && !messageRate.tryTake(System.nanoTime())) {
            // Dropped unread, and counted with the invalid ones: a client that keeps flooding is closed 1008.
            ctx.metrics().rateLimited("client_messages");
            if (!countBadMessage()) {
                sendText(Replies.error(ErrorCode.TOO_MANY_REQUESTS.wireName(),
                        "more than limits.client_message_rate messages per second; this one was dropped"));
            }
            return;
        }
        if (text.length() > MAX_MESSAGE_BYTES / 4
                && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            rejectMessage("message is larger than 64 KiB");
            return;
        }
        ClientMessage m;
        try {
            m = ClientMessage.parse(text);
        } catch (HeraldException e) {
            rejectMessage(e.detail());
            return;
        }
        switch (m.verb()) {
            case SUBSCRIBE -> {
                filter.subscribe(m.eventTypes());
                sendText(Replies.subscribed("subscribed", m.eventTypes()));
                if (m.since() != null) {
                    recover(m.since());
                }
            }
            case UNSUBSCRIBE -> {
                filter.unsubscribe(m.eventTypes());
                sendText(Replies.subscribed("unsubscribed", m.eventTypes()));
            }
            case PING -> sendText(Replies.pong());
            case PONG -> { }
            case REFRESH -> refresh(m.token());
        }
    }

    private void refresh(String token) {
        Optional<Principal> fresh = ctx.tokens().verify(token);
        if (fresh.isEmpty() || !fresh.get().subject().equals(principal.subject())
                || !fresh.get().tenant().equals(principal.tenant())) {
            close(CloseCodes.UNAUTHORIZED, "unauthorized");
            return;
        }
        principal = fresh.get();
        sendText(Replies.refreshed(principal.expiresAt()));
    }

    private void rejectMessage(String detail) {
        if (!countBadMessage()) {
            sendText(Replies.error("invalid_message", detail));
        }
    }

    @Override
    public void tick(long nowNanos) {
        if (isClosed()) {
            return;
        }
        if (!Instant.now().isBefore(principal.expiresAt())) {
            close(CloseCodes.TOKEN_EXPIRED, "token expired");
            return;
        }
        HeraldConfig.Keepalive keepalive = ctx.config().keepalive(); // read at each tick: a reload applies at once
        if (nowNanos - lastSeenNanos() > keepalive.timeout().toNanos()) {
            close(CloseCodes.KEEPALIVE_TIMEOUT, "keepalive timeout");
            return;
        }
        if (nowNanos - lastPingNanos >= keepalive.interval().toNanos()) {
            lastPingNanos = nowNanos;
            if (userEndpoint) {
                sendText(Replies.ping());
            }
            sendPing();
        }
    }

    @Override
    protected void onSlowConsumer() {
        ctx.metrics().slowConsumer();
    }

    @Override
    protected void onClosing() {
        if (member != null) {
            shard.remove(member);
            member = null;
        }
    }
}
