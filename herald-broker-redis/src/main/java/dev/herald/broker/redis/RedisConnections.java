package dev.herald.broker.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The broker's two Redis connections — one that publishes, one subscribed to Herald's channels — and the
 * Lettuce resources behind them. Once a connection exists Lettuce keeps it alive (auto-reconnect with an
 * exponential delay capped at {@link RedisBrokerOptions#maxReconnectDelay()}, resubscribing); until the
 * first attempt succeeds, {@link #connectMissing()} retries on the same schedule. While disconnected,
 * commands are rejected at once instead of queued.
 */
final class RedisConnections {
    private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);
    private static final Duration MIN_RECONNECT_DELAY = Duration.ofMillis(100);

    private final RedisBrokerOptions options;
    private final String safeUrl;
    private final SubscriptionListener listener;
    private final ClientResources resources;
    private final RedisClient client;
    private volatile StatefulRedisConnection<byte[], byte[]> publisher;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private long nextAttempt;
    private Duration retryDelay = MIN_RECONNECT_DELAY;
    private boolean failureLogged;

    private final RedisChannels channels;

    RedisConnections(RedisURI uri, RedisBrokerOptions options, SubscriptionListener listener, RedisChannels channels) {
        this.channels = channels;
        this.options = options;
        this.safeUrl = RedisUrl.redacted(options.redisUrl());
        this.listener = listener;
        this.nextAttempt = System.nanoTime();
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(MIN_RECONNECT_DELAY, options.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // a backstop only: RedisBroker caps publishes in flight at requestQueueSize itself
                .requestQueueSize(options.requestQueueSize() * 2 + 16)
                .socketOptions(SocketOptions.builder().connectTimeout(options.connectTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == subscriber) {
                    listener.reset();
                }
            }
        });
    }

    /** The publishing connection if it exists and is connected, else null. */
    StatefulRedisConnection<byte[], byte[]> publisher() {
        StatefulRedisConnection<byte[], byte[]> p = publisher;
        return p != null && p.isOpen() ? p : null;
    }

    /** Both connections up and both subscriptions confirmed. */
    boolean healthy() {
        StatefulRedisPubSubConnection<byte[], byte[]> s = subscriber;
        return publisher() != null && s != null && s.isOpen() && listener.ready();
    }

    /**
     * Opens whichever connection was never established, if its retry is due; blocks up to the connect
     * timeout. Called from {@code start} and then from the inbound thread's housekeeping.
     */
    void connectMissing() {
        if ((publisher != null && subscriber != null) || System.nanoTime() - nextAttempt < 0) {
            return;
        }
        try {
            if (publisher == null) {
                publisher = client.connect(ByteArrayCodec.INSTANCE);
            }
            if (subscriber == null) {
                StatefulRedisPubSubConnection<byte[], byte[]> s = client.connectPubSub(ByteArrayCodec.INSTANCE);
                s.addListener(listener);
                subscriber = s;
                subscribe(s);
            }
            log.info("Redis broker connected to {}", safeUrl);
        } catch (RuntimeException e) {
            if (!failureLogged) {
                log.warn("Redis broker cannot reach {} ({}); retrying up to every {} ms", safeUrl, e.getMessage(),
                        options.maxReconnectDelay().toMillis());
                failureLogged = true;
            }
            nextAttempt = System.nanoTime() + retryDelay.toNanos();
            retryDelay = retryDelay.multipliedBy(2).compareTo(options.maxReconnectDelay()) > 0
                    ? options.maxReconnectDelay() : retryDelay.multipliedBy(2);
        }
    }

    private void subscribe(StatefulRedisPubSubConnection<byte[], byte[]> s) {
        long timeout = options.connectTimeout().toMillis();
        try {
            s.async().psubscribe(channels.eventsPattern).get(timeout, TimeUnit.MILLISECONDS);
            s.async().subscribe(channels.system).get(timeout, TimeUnit.MILLISECONDS);
            listener.confirmed(channels.eventsPattern);
            listener.confirmed(channels.system);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Lettuce repeats the subscriptions on its next reconnect; the broker stays unhealthy until then.
            log.warn("Redis broker could not subscribe yet: {}", e.getMessage());
        }
    }

    /** Closes both connections and the Lettuce threads, waiting at most the shutdown timeout. */
    void close() {
        long timeout = options.shutdownTimeout().toMillis();
        closeQuietly(subscriber, timeout);
        closeQuietly(publisher, timeout);
        try {
            client.shutdown(0, timeout, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            log.debug("Redis client shutdown: {}", e.getMessage());
        }
        try {
            resources.shutdown(0, timeout, TimeUnit.MILLISECONDS).get(timeout, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("Redis client resources shutdown: {}", e.getMessage());
        }
    }

    private static void closeQuietly(StatefulRedisConnection<?, ?> c, long timeoutMillis) {
        if (c == null) {
            return;
        }
        try {
            c.closeAsync().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("Redis connection close: {}", e.getMessage());
        }
    }
}
