package dev.herald.server.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every Herald WebSocket has: bounded outbound bytes, liveness tracking and abuse counting. All
 * methods run on the connection's event-loop thread.
 *
 * <p>Frames are written straight to the Netty channel (Vert.x's {@code WebSocketInternal} gives access to
 * it): the encoded bytes are shared by every connection, and the hub can write a burst of frames and flush
 * once, where Vert.x's public API would encode a {@code String} and flush per message. The bytes waiting
 * for a client are what the channel's outbound buffer holds: written but not yet taken by the socket. A client
 * that lets more than the limit pile up is closed 4008 with that backlog discarded ({@link #closeAsSlowConsumer}).
 * While Netty holds nothing for the connection, hub frames skip Netty too: they are held until {@link #flush()} and
 * written to the socket directly ({@link DirectWrites}); held bytes count towards the limit.
 * Event sessions also {@link #detach} from Vert.x after the upgrade, which frees ~13 KB per connection.
 */
public abstract class WsSession implements dev.herald.server.stream.ClientSession {
    private static final int BAD_MESSAGE_LIMIT = 20;
    private static final long BAD_MESSAGE_WINDOW_NANOS = 10_000_000_000L;

    /** Vert.x's WebSocket; null once {@link #detach detached}, so Vert.x's per-connection objects can go. */
    protected ServerWebSocket ws;
    private final AtomicInteger endpointGauge;
    private final int queueLimitBytes;
    private final Channel channel;
    /**
     * Where frames are written. Usually the WebSocket encoder's place in the pipeline: finished wire frames written
     * from there skip the encoder, while anything between it and the socket (TLS) still sees them. A connection
     * that negotiated permessage-deflate writes {@code TextWebSocketFrame}s to the whole pipeline instead, so
     * that its compressor sees each message.
     */
    private final ChannelOutboundInvoker out;
    /** Hub frames written straight to the socket while Netty holds nothing for it; null where not possible (TLS, compression, NIO). */
    private final DirectWrites direct;
    /** Frames were written to Netty since its last flush. */
    private boolean dirty;
    private long lastSeenNanos = System.nanoTime();
    private long[] badMessageTimes;
    private int badMessageCursor;
    private boolean closed;
    /** True once Vert.x's handler is out of the pipeline and {@link SessionFrames} serves the connection. */
    private boolean detached;
    private long closeGraceMillis;
    private boolean goneReported;
    private Runnable goneHook = () -> { };
    /** Made only when someone waits for the connection to go (shutdown): most connections never need one. */
    private io.vertx.core.Promise<Void> gone;

    protected WsSession(ServerWebSocket ws, AtomicInteger endpointGauge, int queueLimitBytes) {
        this.ws = ws;
        this.endpointGauge = endpointGauge;
        this.queueLimitBytes = queueLimitBytes;
        this.channel = ((WebSocketInternal) ws).channelHandlerContext().channel();
        io.netty.channel.ChannelHandlerContext encoder = java.util.Objects.requireNonNull(
                channel.pipeline().context(WebSocketFrameEncoder.class), "no WebSocket encoder in the pipeline");
        if (channel.pipeline().get(WebSocketExtensionEncoder.class) != null) {
            this.out = channel;
            channel.pipeline().addBefore(encoder.name(), "herald-whole-frames", new WholeFrames());
            this.direct = null;
        } else {
            this.out = encoder;
            this.direct = DirectWrites.of(channel, encoder);
        }
        endpointGauge.incrementAndGet();
        ws.pongHandler(b -> sawTraffic());
        ws.exceptionHandler(this::onProtocolError);
        ws.closeHandler(v -> onClosed());
    }

    /** A frame the decoder refused (e.g. over 1 MiB): tell the client why, as a browser can read it. */
    private void onProtocolError(Throwable t) {
        if (t instanceof io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException c) {
            close((short) c.closeStatus().code(), c.closeStatus().code() == CloseCodes.MESSAGE_TOO_BIG
                    ? "message too big" : "protocol error");
        }
    }

    /**
     * Takes the connection away from Vert.x: its per-connection handler (and the request, response and queues
     * it keeps, ~16 KB a connection) is replaced by {@link SessionFrames}, which joins fragments and hands whole messages to
     * {@link #onTextMessage}. Call on the event loop, right after the upgrade, before any frame is read.
     */
    protected final void detach(java.time.Duration closeGrace) {
        io.netty.channel.ChannelPipeline p = channel.pipeline();
        p.remove("handler");
        p.addLast("herald", new SessionFrames(this));
        detached = true;
        ws = null;
        closeGraceMillis = Math.max(1, closeGrace.toMillis());
        if (!channel.isActive()) {
            onChannelClosed();
        }
    }

    /** A whole text message from the client (detached sessions). */
    protected void onTextMessage(String text) {
    }

    /** A binary message from the client (detached sessions). */
    protected void onBinaryMessage() {
    }

    /** The client sent a close frame: answer it (unless we started the close) and drop the connection. */
    final void onPeerClose(int code) {
        if (!closed) {
            closed = true;
            onClosing();
            uncork();
            channel.writeAndFlush(new io.netty.handler.codec.http.websocketx.CloseWebSocketFrame(
                    code > 0 ? code : 1000, null)).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    final void onChannelClosed() {
        onClosed();
    }

    protected final void sawTraffic() {
        lastSeenNanos = System.nanoTime();
    }

    protected final long lastSeenNanos() {
        return lastSeenNanos;
    }

    public final boolean isClosed() {
        return closed;
    }

    /** Sends a text frame already encoded as UTF-8 (possibly shared with other connections) and flushes. */
    protected final boolean send(byte[] utf8) {
        if (!write(utf8)) {
            return false;
        }
        flush();
        return true;
    }

    /**
     * Writes a text frame without flushing it (see {@link #flush()}). Returns false, and closes the
     * connection with 4008, when the bytes waiting for this client would pass the limit.
     */
    protected final boolean write(byte[] utf8) {
        return admit(utf8.length) && writeOut(compressed() ? textFrame(utf8) : WireFrames.of(utf8));
    }

    /**
     * Like {@link #write(byte[])} for a hub frame: its wire form is built once per event loop and shared. While Netty
     * holds nothing for this connection the frame is held for a direct write at {@link #flush()} ({@link DirectWrites}).
     */
    protected final boolean write(dev.herald.core.hub.Frame frame) {
        if (direct != null && !closed) {
            // While frames are held nothing is in Netty's buffer (whatever goes there first takes them along): the
            // held bytes are all that waits, and the check needs no look at Netty.
            int waiting = direct.holding() ? direct.heldBytes() : !dirty && nettyPendingBytes() == 0 ? 0 : -1;
            if (waiting >= 0 && waiting + frame.size() <= queueLimitBytes) {
                direct.add(frame);
                return true;
            }
        }
        return admit(frame.size()) && writeOut(compressed() ? textFrame(frame.utf8()) : WireFrames.of(frame));
    }

    /**
     * What a replay writes to: frames written with a promise, so that the replay knows when the client has read them
     * (the promise of the last one completes when the socket took it), and waits for that rather than overfill the queue.
     */
    protected final dev.herald.server.stream.ReplayOutput replayOutput() {
        return new dev.herald.server.stream.ReplayOutput() {
            /** The replay's last write; done once the socket has taken it (or the connection is gone). */
            private io.netty.channel.ChannelFuture last;

            @Override
            public boolean fits(dev.herald.core.hub.Frame frame) {
                return last == null || last.isDone() || pendingBytes() + frame.size() <= queueLimitBytes / 2;
            }

            @Override
            public boolean send(dev.herald.core.hub.Frame frame) {
                if (!admit(frame.size())) {
                    return false;
                }
                io.netty.channel.ChannelPromise written = channel.newPromise();
                uncork();
                out.write(compressed() ? textFrame(frame.utf8()) : WireFrames.of(frame), written);
                dirty = true;
                last = written;
                return true;
            }

            @Override
            public void flush() {
                WsSession.this.flush();
            }

            @Override
            public void afterDrain(Runnable resume) {
                WsSession.this.flush();
                if (last == null || last.isDone()) {
                    resume.run();
                } else {
                    // Later, not inside the completion: a slow consumer's close completes these promises while it
                    // discards the queue, and the replay must find the connection closed, not write into that.
                    last.addListener(f -> channel.eventLoop().execute(resume));
                }
            }
        };
    }

    /** Whether the connection negotiated permessage-deflate (then frames go through the whole pipeline). */
    private boolean compressed() {
        return out == channel;
    }

    /** Whether {@code bytes} more fit under the limit; closes the connection with 4008 when they do not. */
    private boolean admit(int bytes) {
        if (closed) {
            return false;
        }
        if (pendingBytes() + bytes > queueLimitBytes && isDirty()) {
            flush(); // the unflushed part of a burst is only waiting for us: let the socket take what it can
        }
        if (pendingBytes() + bytes > queueLimitBytes) {
            closeAsSlowConsumer();
            return false;
        }
        return true;
    }

    /**
     * Closes with 4008 at once (SPEC §9): the frames still queued for this client are discarded, so the close is
     * what it reads next (after what its kernel already holds), and the connection is dropped after the close grace.
     */
    protected final void closeAsSlowConsumer() {
        if (closed) {
            return;
        }
        onSlowConsumer();
        dirty = false;
        if (direct != null) {
            direct.discard();
        }
        PendingFrames.discard(channel);
        close(CloseCodes.SLOW_CONSUMER, "slow consumer");
    }

    private static TextWebSocketFrame textFrame(byte[] utf8) {
        return new TextWebSocketFrame(true, 0, Unpooled.wrappedBuffer(utf8));
    }

    /** Writes a wire frame (past the encoder) or, on a compressed connection, a text frame (through the pipeline). */
    private boolean writeOut(Object message) {
        uncork();
        out.write(message, channel.voidPromise());
        dirty = true;
        return true;
    }

    /**
     * Hands frames held for a direct write to Netty, unflushed, so that what is written through Netty next comes after
     * them (a reply, a ping, a close, a replay).
     */
    private void uncork() {
        if (direct != null && direct.holding()) {
            out.write(direct.take(), channel.voidPromise());
            dirty = true;
        }
    }

    /** Whether frames were written since the last flush. */
    protected final boolean isDirty() {
        return dirty || (direct != null && direct.holding());
    }

    /** Pushes written frames to the socket, if any are waiting. */
    public void flush() {
        if (direct != null && direct.holding()) {
            ByteBuf rest = dirty ? direct.take() : direct.flush();
            if (rest != null) {
                out.write(rest, channel.voidPromise()); // the socket is full: Netty sends the rest when it drains
                dirty = true;
            }
        }
        if (dirty) {
            dirty = false;
            out.flush();
        }
    }

    /** Bytes written for this client that its socket has not taken: Netty's and those held for a direct write. */
    private long pendingBytes() {
        return nettyPendingBytes() + (direct != null ? direct.heldBytes() : 0);
    }

    private long nettyPendingBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    protected final boolean sendText(String text) {
        return send(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    protected final void sendPing() {
        if (closed) {
            return;
        }
        if (detached) {
            uncork();
            channel.writeAndFlush(new io.netty.handler.codec.http.websocketx.PingWebSocketFrame(), channel.voidPromise());
        } else {
            ws.writePing(io.vertx.core.buffer.Buffer.buffer());
        }
    }

    /** Counts a bad message; true when the client passed the abuse limit and was closed with 1008. */
    protected final boolean countBadMessage() {
        if (badMessageTimes == null) {
            badMessageTimes = new long[BAD_MESSAGE_LIMIT + 1];
        }
        long now = System.nanoTime();
        badMessageTimes[badMessageCursor] = now;
        badMessageCursor = (badMessageCursor + 1) % badMessageTimes.length;
        long oldest = badMessageTimes[badMessageCursor];
        if (oldest != 0 && now - oldest < BAD_MESSAGE_WINDOW_NANOS) {
            close(CloseCodes.POLICY_VIOLATION, "too many invalid messages");
            return true;
        }
        return false;
    }

    public final void close(short code, String reason) {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        onClosing();
        if (detached) {
            channel.writeAndFlush(new io.netty.handler.codec.http.websocketx.CloseWebSocketFrame(code, reason));
            // The client answers with its close and we drop the connection then; one that never answers is dropped after the grace.
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, closeGraceMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } else {
            ws.close(code, reason);
        }
    }

    private void onClosed() {
        if (goneReported) {
            return;
        }
        goneReported = true;
        if (direct != null) {
            direct.discard();
        }
        if (!closed) {
            closed = true;
            onClosing();
        }
        endpointGauge.decrementAndGet();
        onGone();
        goneHook.run();
        if (gone != null) {
            gone.tryComplete();
        }
    }

    @Override
    public final io.vertx.core.Future<Void> whenGone() {
        if (goneReported) {
            return io.vertx.core.Future.succeededFuture();
        }
        if (gone == null) {
            gone = io.vertx.core.Promise.promise();
        }
        return gone.future();
    }

    /** Runs {@code hook} once the connection is gone (closed by either side or dropped). */
    public final void whenGone(Runnable hook) {
        this.goneHook = hook;
    }

    /** Called once when the session starts closing, for either side's reason. */
    protected void onClosing() {
    }

    /** Called once when the connection is gone. */
    protected void onGone() {
    }

    protected void onSlowConsumer() {
    }

    @Override
    public void shutdown() {
        close(CloseCodes.GOING_AWAY, "Server shutdown");
    }
}
