package dev.herald.core.broker;

import dev.herald.core.hub.Frame;

import java.util.List;
import java.util.function.Consumer;

/** The single-node broker: a frame goes straight to this node's hub, on the publishing thread. */
public final class MemoryBroker implements Broker {
    private volatile Consumer<List<Frame>> sink = f -> { };

    @Override
    public void start(Consumer<List<Frame>> localSink) {
        this.sink = localSink;
    }

    @Override
    public void publish(List<Frame> frames) {
        sink.accept(frames);
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public void close() {
        sink = f -> { };
    }
}
