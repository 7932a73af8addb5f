package dev.herald.bench.peers;

/**
 * Starts one of the ADR-001 broadcast servers: {@code java -cp herald-bench.jar dev.herald.bench.peers.PeerMain
 * netty|netty-epoll|netty-sink|vertx|vertx-epoll|javaws PORT}. Each accepts WebSockets on {@code /ws/events} (any token) and
 * {@code POST /api/v1/events}, and broadcasts every posted event to every connection.
 * Event loops: one per available processor, as Herald does.
 */
public final class PeerMain {
    private PeerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: PeerMain netty|netty-epoll|netty-sink|vertx|vertx-epoll|javaws PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        int loops = Runtime.getRuntime().availableProcessors();
        switch (args[0]) {
            case "netty" -> NettyPeer.start(port, loops, false);
            case "netty-epoll" -> NettyPeer.start(port, loops, true);
            case "netty-sink" -> NettySink.start(port, loops);
            case "vertx" -> VertxPeer.start(port, loops, false);
            case "vertx-epoll" -> VertxPeer.start(port, loops, true);
            case "javaws" -> JavaWebSocketPeer.start(port, loops);
            default -> {
                System.err.println("unknown peer " + args[0]);
                System.exit(2);
            }
        }
        System.out.println(args[0] + " peer listening on " + port);
    }
}
