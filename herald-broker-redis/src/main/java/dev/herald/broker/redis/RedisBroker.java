package dev.herald.broker.redis;

import dev.herald.core.broker.Broker;
import dev.herald.core.broker.FrameCodec;
import dev.herald.core.hub.Frame;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The cluster broker: frames travel between nodes over Redis pub/sub; PostgreSQL, not Redis, is the
 * sequencer and the log.
 *
 * <ul>
 *   <li><b>Publishing never waits on Redis.</b> {@link #publish} hands the frames to this node's sink on the
 *   calling thread, then sends one message per tenant per batch ({@link FrameCodec}, with this node's id)
 *   without waiting for the answer. While Redis is unreachable, or more than
 *   {@link RedisBrokerOptions#requestQueueSize()} publishes await an answer, frames are not sent and
 *   counted in {@link #framesNotSent()}: other nodes recover them from the store by seq.</li>
 *   <li><b>Channels.</b> {@code herald:ev:<tenant>} per tenant, {@code herald:sys} for system frames. Every
 *   node subscribes to {@code herald:ev:*}, so <em>each node receives every tenant's frames</em> (and keeps
 *   every tenant's history); the per-tenant names leave room to subscribe only to the tenants a node serves.
 *   Redis pub/sub ignores the database number, so channel names carry it ({@link RedisChannels}).</li>
 *   <li><b>Receiving.</b> Messages from this node are ignored (already delivered locally). Other nodes'
 *   frames reach the sink on one thread, {@code herald-redis-inbound}, in the order Redis delivered them:
 *   per tenant, the order in which the publishing node published them. At most
 *   {@link RedisBrokerOptions#inboundQueueBytes()} of messages wait for that thread; beyond, they are
 *   dropped and counted. (Redis itself disconnects a subscriber that falls further behind — its
 *   {@code client-output-buffer-limit pubsub}, 32 MB by default — which the broker treats as an outage.)</li>
 *   <li><b>Outages.</b> {@link #healthy()} is false while either connection is down or its subscriptions
 *   are not confirmed. Lettuce reconnects with an exponential delay capped at 2 s and resubscribes; when
 *   the broker is healthy again it runs the {@link #onReconnected} hook, whose job is to fill from the
 *   store what the node missed.</li>
 * </ul>
 */
public final class RedisBroker implements Broker {
    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

    private final RedisBrokerOptions options;
    private final RedisURI uri;
    private final RedisChannels channels;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder messagesPublished = new LongAdder();
    private final LongAdder framesNotSent = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Consumer<List<Frame>> sink = frames -> { };
    private volatile Runnable reconnectHook = () -> { };
    private volatile InboundDelivery inbound;
    private volatile RedisConnections connections;
    private boolean wasHealthy;

    /** @throws IllegalArgumentException if the URL is not {@code redis://…} or {@code rediss://…} */
    public RedisBroker(String redisUrl, String nodeId) {
        this(RedisBrokerOptions.of(redisUrl, nodeId));
    }

    public RedisBroker(RedisBrokerOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.uri = RedisUrl.parse(options.redisUrl(), options.commandTimeout());
        this.channels = new RedisChannels(uri.getDatabase());
    }

    /**
     * Connects (waiting at most the connect timeout) and subscribes. If Redis cannot be reached, the broker
     * starts unhealthy and keeps trying in the background; check {@link #healthy()} to refuse to start.
     */
    @Override
    public void start(Consumer<List<Frame>> localSink) {
        if (closed.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("a RedisBroker starts once");
        }
        sink = Objects.requireNonNull(localSink, "localSink");
        InboundDelivery in = new InboundDelivery(options.nodeId(), options.inboundQueueBytes(), localSink, this::housekeeping);
        RedisConnections c = new RedisConnections(uri, options, new SubscriptionListener(in, channels), channels);
        inbound = in;
        connections = c;
        c.connectMissing();
        wasHealthy = c.healthy();
        in.start();
    }

    @Override
    public void publish(List<Frame> frames) {
        if (closed.get() || frames.isEmpty()) {
            return;
        }
        try {
            sink.accept(frames);
        } finally {
            sendToOtherNodes(frames);
        }
    }

    private void sendToOtherNodes(List<Frame> frames) {
        RedisConnections c = connections;
        StatefulRedisConnection<byte[], byte[]> publisher = c == null ? null : c.publisher();
        if (publisher == null) {
            framesNotSent.add(frames.size());
            return;
        }
        for (List<Frame> group : byTenant(frames)) {
            int n = group.size();
            // Our own cap, below Lettuce's: Lettuce rejects an excess command on its I/O thread and logs a
            // stack trace for each one, which under overload would flood the log.
            if (inFlight.incrementAndGet() > options.requestQueueSize()) {
                inFlight.decrementAndGet();
                framesNotSent.add(n);
                continue;
            }
            try {
                RedisFuture<Long> sent = publisher.async().publish(channels.of(group.get(0)),
                        FrameCodec.encode(options.nodeId(), group));
                sent.whenComplete((receivers, failure) -> {
                    inFlight.decrementAndGet();
                    if (failure == null) {
                        messagesPublished.increment();
                    } else {
                        framesNotSent.add(n);
                    }
                });
            } catch (RuntimeException rejected) {
                inFlight.decrementAndGet();
                framesNotSent.add(n);
            }
        }
    }

    /** The batch split per tenant (system frames as one more group), each group in publish order. */
    private static Iterable<List<Frame>> byTenant(List<Frame> frames) {
        String first = frames.get(0).tenant();
        boolean oneTenant = true;
        for (Frame f : frames) {
            if (!Objects.equals(first, f.tenant())) {
                oneTenant = false;
                break;
            }
        }
        if (oneTenant) {
            return List.of(frames);
        }
        Map<String, List<Frame>> groups = new LinkedHashMap<>();
        for (Frame f : frames) {
            groups.computeIfAbsent(f.tenant(), t -> new ArrayList<>()).add(f);
        }
        return groups.values();
    }

    /** Runs on the inbound thread every few tens of milliseconds. */
    private void housekeeping() {
        RedisConnections c = connections;
        if (c == null || closed.get()) {
            return;
        }
        c.connectMissing();
        boolean healthy = c.healthy();
        if (healthy && !wasHealthy) {
            log.info("Redis broker healthy again; filling what this node missed");
            try {
                reconnectHook.run();
            } catch (RuntimeException e) {
                log.error("Redis broker reconnect hook failed", e);
            }
        } else if (!healthy && wasHealthy) {
            log.warn("Redis broker lost Redis at {}; publishing goes on locally, other nodes fill from the store",
                    RedisUrl.redacted(options.redisUrl()));
        }
        wasHealthy = healthy;
    }

    /**
     * Runs {@code hook} on the {@code herald-redis-inbound} thread each time the broker becomes healthy after
     * having been unhealthy (also when Redis was unreachable at start and then comes up); no frame from
     * another node is delivered while it runs, so hand slow work (reading the store) to another executor.
     */
    @Override
    public void onReconnected(Runnable hook) {
        reconnectHook = Objects.requireNonNull(hook, "hook");
    }

    @Override
    public boolean healthy() {
        RedisConnections c = connections;
        return !closed.get() && c != null && c.healthy();
    }

    @Override
    public String kind() {
        return "redis";
    }

    /** Redis messages sent and acknowledged (one per tenant per published batch). */
    public long messagesPublished() {
        return messagesPublished.sum();
    }

    /** Frames this node published that other nodes will not get through Redis (they fill from the store). */
    public long framesNotSent() {
        return framesNotSent.sum();
    }

    /** Publishes sent to Redis and not yet answered. */
    public int publishesInFlight() {
        return inFlight.get();
    }

    /** Frames received from other nodes and handed to the sink. */
    public long framesReceived() {
        InboundDelivery in = inbound;
        return in == null ? 0 : in.framesReceived();
    }

    /** Messages from other nodes dropped because the inbound queue's byte budget was spent. */
    public long messagesDropped() {
        InboundDelivery in = inbound;
        return in == null ? 0 : in.messagesDropped();
    }

    /** Messages on Herald's channels that were not valid frame messages. */
    public long messagesMalformed() {
        InboundDelivery in = inbound;
        return in == null ? 0 : in.messagesMalformed();
    }

    public String nodeId() {
        return options.nodeId();
    }

    /** Stops delivering, then closes the connections and Lettuce's threads; waits a bounded time. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sink = frames -> { };
        InboundDelivery in = inbound;
        if (in != null) {
            in.stop(options.shutdownTimeout().toMillis());
        }
        RedisConnections c = connections;
        if (c != null) {
            c.close();
        }
    }
}
