package dev.herald.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration as one immutable tree: built-in defaults, then {@code herald.yaml}, then
 * {@code HERALD_*} environment variables, validated by {@link ConfigLoader}. Components receive only their
 * own branch.
 */
public record HeraldConfig(Server server, Path dataDir, Mode mode, String nodeId, Auth auth, Keepalive keepalive,
                           History history, Limits limits, Webhooks webhooks, Smtp smtp, Logs logs,
                           Cluster cluster) {

    public enum Mode { DEV, PRODUCTION }

    /**
     * @param webSocketCompression offer permessage-deflate (RFC 7692) to WebSocket clients that ask for it; off by
     *                             default: each compressed connection costs a deflater and CPU per message
     * @param allowedOrigins       browser origins ({@code https://app.example.com}) besides the Host's own that may
     *                             open a WebSocket or SSE stream; normalized (lower case, no default port)
     */
    public record Server(String host, int port, boolean webSocketCompression, List<String> allowedOrigins) {
        /** The URL other nodes and operators use to reach this node: the configured host, or this machine's name. */
        public String advertisedUrl(int actualPort) {
            String h = host;
            if (h.equals("0.0.0.0") || h.equals("::")) {
                try {
                    h = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.io.IOException e) {
                    h = "127.0.0.1";
                }
            }
            return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + actualPort;
        }

        /** The URL a local client uses to reach this server on {@code actualPort} (a wildcard host means loopback). */
        public String localUrl(int actualPort) {
            String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
            return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + actualPort;
        }
    }

    /** @param jwtSecret HS256 secret, null until minted in dev mode */
    public record Auth(String jwtSecret, Path jwksFile, String cookieName, Duration clockSkew) {
        public Auth withJwtSecret(String secret) {
            return new Auth(secret, jwksFile, cookieName, clockSkew);
        }

        @Override
        public String toString() {
            return "Auth[jwtSecret=" + (jwtSecret == null ? "none" : "***") + ", jwksFile=" + jwksFile
                    + ", cookieName=" + cookieName + ", clockSkew=" + clockSkew + "]";
        }
    }

    public record Keepalive(Duration interval, Duration timeout) {
    }

    public record History(int size, Duration ttl) {
    }

    /**
     * @param maxRequestBytes the largest HTTP request body read (413 above, refused by Content-Length or mid-stream)
     * @param publish         requests per second per API key on {@code POST /api/v1/events} (429 above)
     * @param clientMessages  messages per second per connection on {@code /ws/events} and {@code /ws/{user}}
     * @param connections     client connections (WebSocket and SSE) this node admits
     * @param socketSendBuffer  SO_SNDBUF of client connections in bytes; 0 leaves it to the kernel's autotuning (which
     *                          may hold megabytes a slow consumer reads before its 4008 close)
     * @param maxPendingAppends publish requests accepted for the store but not yet committed; more answer 429
     * @param maxFanoutBacklog  frames committed but not yet routed to this node's connections (summed over event
     *                          loops); above it publishing answers 429 until the event loops catch up
     */
    public record Limits(int clientQueueBytes, int maxEventBytes, Duration closeGrace, int maxRequestBytes,
                         RateLimit publish, RateLimit clientMessages, ConnectionLimits connections,
                         int socketSendBuffer, int maxPendingAppends, int maxFanoutBacklog) {
    }

    /** A token bucket: {@code perSecond} sustained, {@code burst} at once; {@code perSecond} 0 is no limit. */
    public record RateLimit(int perSecond, int burst) {
        public boolean enabled() {
            return perSecond > 0;
        }
    }

    /** Connections at once, each 0 for no limit: on this node, from one IP address, of one user (tenant + sub). */
    public record ConnectionLimits(int total, int perIp, int perUser) {
    }

    /**
     * @param concurrency   attempts in flight at once per endpoint
     * @param secretKeyFile the AES key sealing webhook secrets at rest; null: {@code data_dir/webhook-secret.key}, minted on first start (dev mode only: production requires it)
     * @param disableAfter  an endpoint failing without a success for this long is disabled (one email); zero: never
     * @param retention     finished deliveries (and their attempts) older than this are deleted; zero: kept forever
     */
    public record Webhooks(Duration timeout, List<Duration> retrySchedule, Duration jitter, int notifyAfter,
                           int concurrency, Path secretKeyFile, Duration disableAfter, Duration retention) {
    }

    public record Smtp(String host, int port, String from, String username, String password, String tls) {
        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", from=" + from + ", username=" + username
                    + ", password=" + (password == null ? "none" : "***") + ", tls=" + tls + "]";
        }
    }

    public record Logs(Path dir, boolean redact, String auth, String tenant) {
    }

    /**
     * Where a node keeps what is durable and how it reaches the other nodes.
     *
     * @param broker       {@code memory} (single node) or {@code redis}
     * @param store        {@code sqlite} (embedded under {@code data_dir}) or {@code postgres}
     * @param storeTimeout the longest a publish waits on the store before answering 503 {@code store_unavailable}
     */
    public record Cluster(String broker, String redisUrl, String store, String postgresUrl, Duration storeTimeout) {
        public boolean redis() {
            return "redis".equals(broker);
        }

        public boolean postgres() {
            return "postgres".equals(store);
        }

        /** More than one node can share this deployment's state. */
        public boolean shared() {
            return redis() || postgres();
        }

        @Override
        public String toString() {
            return "Cluster[broker=" + broker + ", redisUrl=" + Redacted.url(redisUrl) + ", store=" + store
                    + ", postgresUrl=" + Redacted.url(postgresUrl) + ", storeTimeout=" + storeTimeout + "]";
        }
    }

    /** Defaults only (no file, no environment). */
    public static HeraldConfig defaults() {
        return ConfigLoader.fromMap(Map.of());
    }

    /** Defaults overridden by {@code values}, keyed by config path (e.g. {@code server.port}). */
    public static HeraldConfig of(Map<String, String> values) {
        return ConfigLoader.fromMap(values);
    }

    public HeraldConfig withAuth(Auth newAuth) {
        return new HeraldConfig(server, dataDir, mode, nodeId, newAuth, keepalive, history, limits, webhooks, smtp, logs,
                cluster);
    }

    public boolean isProduction() {
        return mode == Mode.PRODUCTION;
    }
}
