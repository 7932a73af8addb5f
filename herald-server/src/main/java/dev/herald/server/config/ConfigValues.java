package dev.herald.server.config;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One {@link HeraldConfig} as a flat map from each {@link ConfigKey} to its bound value (a {@code null} value means
 * unset), so that two configurations can be compared key by key. A key added to {@link ConfigKey} must be added
 * here too: the switch is exhaustive, so the build fails until it is.
 */
final class ConfigValues {
    private ConfigValues() {
    }

    static Map<ConfigKey, Object> of(HeraldConfig c) {
        Map<ConfigKey, Object> out = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            out.put(key, value(c, key));
        }
        return out;
    }

    static boolean same(HeraldConfig a, HeraldConfig b, ConfigKey key) {
        return Objects.equals(value(a, key), value(b, key));
    }

    static Object value(HeraldConfig c, ConfigKey key) {
        var l = c.limits();
        var w = c.webhooks();
        return switch (key) {
            case SERVER_HOST -> c.server().host();
            case SERVER_PORT -> c.server().port();
            case SERVER_WEBSOCKET_COMPRESSION -> c.server().webSocketCompression();
            case SERVER_ALLOWED_ORIGINS -> c.server().allowedOrigins();
            case DATA_DIR -> c.dataDir();
            case MODE -> c.mode();
            case NODE_ID -> c.nodeId();
            case AUTH_JWT_SECRET -> c.auth().jwtSecret();
            case AUTH_JWKS_FILE -> c.auth().jwksFile();
            case AUTH_COOKIE_NAME -> c.auth().cookieName();
            case AUTH_CLOCK_SKEW -> c.auth().clockSkew();
            case KEEPALIVE_INTERVAL -> c.keepalive().interval();
            case KEEPALIVE_TIMEOUT -> c.keepalive().timeout();
            case HISTORY_SIZE -> c.history().size();
            case HISTORY_TTL -> c.history().ttl();
            case LIMITS_CLIENT_QUEUE_BYTES -> l.clientQueueBytes();
            case LIMITS_MAX_EVENT_BYTES -> l.maxEventBytes();
            case LIMITS_CLOSE_GRACE -> l.closeGrace();
            case LIMITS_MAX_REQUEST_BYTES -> l.maxRequestBytes();
            case LIMITS_PUBLISH_RATE -> l.publish().perSecond();
            case LIMITS_PUBLISH_BURST -> l.publish().burst();
            case LIMITS_CLIENT_MESSAGE_RATE -> l.clientMessages().perSecond();
            case LIMITS_CLIENT_MESSAGE_BURST -> l.clientMessages().burst();
            case LIMITS_CONNECTIONS_TOTAL -> l.connections().total();
            case LIMITS_CONNECTIONS_PER_IP -> l.connections().perIp();
            case LIMITS_CONNECTIONS_PER_USER -> l.connections().perUser();
            case LIMITS_SOCKET_SEND_BUFFER -> l.socketSendBuffer();
            case LIMITS_MAX_PENDING_APPENDS -> l.maxPendingAppends();
            case LIMITS_MAX_FANOUT_BACKLOG -> l.maxFanoutBacklog();
            case WEBHOOKS_TIMEOUT -> w.timeout();
            case WEBHOOKS_RETRY_SCHEDULE -> w.retrySchedule();
            case WEBHOOKS_JITTER -> w.jitter();
            case WEBHOOKS_NOTIFY_AFTER -> w.notifyAfter();
            case WEBHOOKS_CONCURRENCY -> w.concurrency();
            case WEBHOOKS_DISABLE_AFTER -> w.disableAfter();
            case WEBHOOKS_RETENTION -> w.retention();
            case WEBHOOKS_SECRET_KEY_FILE -> w.secretKeyFile();
            case SMTP_HOST -> c.smtp().host();
            case SMTP_PORT -> c.smtp().port();
            case SMTP_FROM -> c.smtp().from();
            case SMTP_USERNAME -> c.smtp().username();
            case SMTP_PASSWORD -> c.smtp().password();
            case SMTP_TLS -> c.smtp().tls();
            case LOGS_DIR -> c.logs().dir();
            case LOGS_REDACT -> c.logs().redact();
            case LOGS_AUTH -> c.logs().auth();
            case LOGS_TENANT -> c.logs().tenant();
            case BROKER -> c.cluster().broker();
            case REDIS_URL -> c.cluster().redisUrl();
            case STORE -> c.cluster().store();
            case POSTGRES_URL -> c.cluster().postgresUrl();
            case STORE_TIMEOUT -> c.cluster().storeTimeout();
        };
    }
}
