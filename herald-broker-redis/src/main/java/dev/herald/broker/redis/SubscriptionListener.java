package dev.herald.broker.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;

import java.util.Arrays;

/**
 * Receives on Redis's I/O thread: messages go to the {@link InboundDelivery} queue; subscription
 * confirmations mark the pub/sub connection ready (Lettuce resubscribes after each reconnect, and
 * {@link #reset()} is called whenever that connection drops).
 */
final class SubscriptionListener extends RedisPubSubAdapter<byte[], byte[]> {
    private final InboundDelivery inbound;
    private volatile boolean events;
    private volatile boolean system;

    private final RedisChannels channels;

    SubscriptionListener(InboundDelivery inbound, RedisChannels channels) {
        this.channels = channels;
        this.inbound = inbound;
    }

    /** Both subscriptions confirmed by Redis since the last disconnect. */
    boolean ready() {
        return events && system;
    }

    void reset() {
        events = false;
        system = false;
    }

    void confirmed(byte[] channelOrPattern) {
        if (Arrays.equals(channelOrPattern, channels.eventsPattern)) {
            events = true;
        } else if (Arrays.equals(channelOrPattern, channels.system)) {
            system = true;
        }
    }

    @Override
    public void message(byte[] channel, byte[] message) {
        inbound.offer(message);
    }

    @Override
    public void message(byte[] pattern, byte[] channel, byte[] message) {
        inbound.offer(message);
    }

    @Override
    public void subscribed(byte[] channel, long count) {
        confirmed(channel);
    }

    @Override
    public void psubscribed(byte[] pattern, long count) {
        confirmed(pattern);
    }
}
