package dev.herald.server.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key Herald knows, with its environment variable ({@code HERALD_} + the path in upper
 * case, dots as underscores). A key that is not listed here is an error in {@code herald.yaml}.
 */
public enum ConfigKey {
    SERVER_HOST("server.host"),
    SERVER_PORT("server.port"),
    SERVER_WEBSOCKET_COMPRESSION("server.websocket_compression"),
    SERVER_ALLOWED_ORIGINS("server.allowed_origins"),
    DATA_DIR("data_dir"),
    MODE("mode"),
    NODE_ID("node_id"),
    AUTH_JWT_SECRET("auth.jwt_secret"),
    AUTH_JWKS_FILE("auth.jwks_file"),
    AUTH_COOKIE_NAME("auth.cookie_name"),
    AUTH_CLOCK_SKEW("auth.clock_skew"),
    KEEPALIVE_INTERVAL("keepalive.interval"),
    KEEPALIVE_TIMEOUT("keepalive.timeout"),
    HISTORY_SIZE("history.size"),
    HISTORY_TTL("history.ttl"),
    LIMITS_CLIENT_QUEUE_BYTES("limits.client_queue_bytes"),
    LIMITS_MAX_EVENT_BYTES("limits.max_event_bytes"),
    LIMITS_CLOSE_GRACE("limits.close_grace"),
    LIMITS_MAX_REQUEST_BYTES("limits.max_request_bytes"),
    LIMITS_PUBLISH_RATE("limits.publish_rate"),
    LIMITS_PUBLISH_BURST("limits.publish_burst"),
    LIMITS_CLIENT_MESSAGE_RATE("limits.client_message_rate"),
    LIMITS_CLIENT_MESSAGE_BURST("limits.client_message_burst"),
    LIMITS_CONNECTIONS_TOTAL("limits.connections_total"),
    LIMITS_CONNECTIONS_PER_IP("limits.connections_per_ip"),
    LIMITS_CONNECTIONS_PER_USER("limits.connections_per_user"),
    LIMITS_SOCKET_SEND_BUFFER("limits.socket_send_buffer"),
    LIMITS_MAX_PENDING_APPENDS("limits.max_pending_appends"),
    LIMITS_MAX_FANOUT_BACKLOG("limits.max_fanout_backlog"),
    WEBHOOKS_TIMEOUT("webhooks.timeout"),
    WEBHOOKS_RETRY_SCHEDULE("webhooks.retry_schedule"),
    WEBHOOKS_JITTER("webhooks.jitter"),
    WEBHOOKS_NOTIFY_AFTER("webhooks.notify_after"),
    WEBHOOKS_CONCURRENCY("webhooks.concurrency"),
    WEBHOOKS_DISABLE_AFTER("webhooks.disable_after"),
    WEBHOOKS_RETENTION("webhooks.retention"),
    WEBHOOKS_SECRET_KEY_FILE("webhooks.secret_key_file"),
    SMTP_HOST("smtp.host"),
    SMTP_PORT("smtp.port"),
    SMTP_FROM("smtp.from"),
    SMTP_USERNAME("smtp.username"),
    SMTP_PASSWORD("smtp.password"),
    SMTP_TLS("smtp.tls"),
    LOGS_DIR("logs.dir"),
    LOGS_REDACT("logs.redact"),
    LOGS_AUTH("logs.auth"),
    LOGS_TENANT("logs.tenant"),
    BROKER("broker"),
    REDIS_URL("redis.url"),
    STORE("store"),
    POSTGRES_URL("postgres.url"),
    STORE_TIMEOUT("store.timeout");

    private final String path;

    ConfigKey(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    public String envName() {
        return "HERALD_" + path.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public static Optional<ConfigKey> byPath(String path) {
        return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
    }
}
