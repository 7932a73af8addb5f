package dev.herald.bench.load;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The generator's socket transport: Netty's native epoll when the jar's library loads ({@code --transport auto},
 * the default, or {@code epoll}), else NIO ({@code --transport nio}). One event-loop group carries the subscribers
 * and the publisher's connections, so the generator is {@code --io-threads} I/O threads and the phase's own thread.
 */
record Transport(boolean epoll) {
    static Transport of(String name) {
        return switch (name) {
            case "auto" -> new Transport(Epoll.isAvailable());
            case "epoll" -> {
                Epoll.ensureAvailability();
                yield new Transport(true);
            }
            case "nio" -> new Transport(false);
            default -> throw new IllegalArgumentException("--transport auto|epoll|nio, got " + name);
        };
    }

    EventLoopGroup group(int threads) {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, io);
    }

    Class<? extends SocketChannel> channel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    String name() {
        return epoll ? "epoll" : "nio";
    }
}
