package dev.herald.server.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What differs between the configuration a node runs with and a newly read one (SIGHUP), split into what the node
 * applies at once ({@link #RELOADABLE}) and what only a restart can change. Key paths are listed in
 * {@link ConfigKey} order; values are never part of a diff (some are secrets).
 *
 * @param reloaded        keys whose new values {@link #merge} takes and the node applies now
 * @param requireRestart  keys whose new values are ignored until the next start
 */
public record ConfigDiff(List<String> reloaded, List<String> requireRestart) {

    /**
     * Keys a running node honours a new value of. Everything else (ports, interfaces, data directory, mode, store,
     * broker, secrets and keys, history, the log directory, webhook timeout/concurrency/retention, socket and
     * queue sizes fixed when the servers were built) requires a restart.
     */
    public static final Set<ConfigKey> RELOADABLE = EnumSet.of(
            ConfigKey.KEEPALIVE_INTERVAL, ConfigKey.KEEPALIVE_TIMEOUT,
            ConfigKey.LIMITS_CLIENT_QUEUE_BYTES, ConfigKey.LIMITS_MAX_EVENT_BYTES,
            ConfigKey.LIMITS_PUBLISH_RATE, ConfigKey.LIMITS_PUBLISH_BURST,
            ConfigKey.LIMITS_CLIENT_MESSAGE_RATE, ConfigKey.LIMITS_CLIENT_MESSAGE_BURST,
            ConfigKey.LIMITS_CONNECTIONS_TOTAL, ConfigKey.LIMITS_CONNECTIONS_PER_IP, ConfigKey.LIMITS_CONNECTIONS_PER_USER,
            ConfigKey.WEBHOOKS_RETRY_SCHEDULE, ConfigKey.WEBHOOKS_JITTER, ConfigKey.WEBHOOKS_NOTIFY_AFTER,
            ConfigKey.WEBHOOKS_DISABLE_AFTER,
            ConfigKey.SMTP_HOST, ConfigKey.SMTP_PORT, ConfigKey.SMTP_FROM, ConfigKey.SMTP_USERNAME,
            ConfigKey.SMTP_PASSWORD, ConfigKey.SMTP_TLS,
            ConfigKey.LOGS_REDACT, ConfigKey.LOGS_AUTH, ConfigKey.LOGS_TENANT);

    public ConfigDiff {
        reloaded = List.copyOf(reloaded);
        requireRestart = List.copyOf(requireRestart);
    }

    /** The keys whose values differ between {@code running} and {@code fresh}. */
    public static ConfigDiff between(HeraldConfig running, HeraldConfig fresh) {
        List<String> reloaded = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        for (ConfigKey key : ConfigKey.values()) {
            if (!ConfigValues.same(running, fresh, key)) {
                (RELOADABLE.contains(key) ? reloaded : restart).add(key.path());
            }
        }
        return new ConfigDiff(reloaded, restart);
    }

    public boolean isEmpty() {
        return reloaded.isEmpty() && requireRestart.isEmpty();
    }

    /**
     * {@code running} with the {@link #RELOADABLE} values of {@code fresh}; every other value stays as running
     * (so a minted dev secret, or the port actually bound, is kept).
     */
    public static HeraldConfig merge(HeraldConfig running, HeraldConfig fresh) {
        HeraldConfig.Limits r = running.limits();
        HeraldConfig.Limits f = fresh.limits();
        var limits = new HeraldConfig.Limits(f.clientQueueBytes(), f.maxEventBytes(), r.closeGrace(), r.maxRequestBytes(),
                f.publish(), f.clientMessages(), f.connections(), r.socketSendBuffer(), r.maxPendingAppends(),
                r.maxFanoutBacklog());
        HeraldConfig.Webhooks rw = running.webhooks();
        HeraldConfig.Webhooks fw = fresh.webhooks();
        var webhooks = new HeraldConfig.Webhooks(rw.timeout(), fw.retrySchedule(), fw.jitter(), fw.notifyAfter(),
                rw.concurrency(), rw.secretKeyFile(), fw.disableAfter(), rw.retention());
        var logs = new HeraldConfig.Logs(running.logs().dir(), fresh.logs().redact(), fresh.logs().auth(),
                fresh.logs().tenant());
        return new HeraldConfig(running.server(), running.dataDir(), running.mode(), running.nodeId(), running.auth(),
                fresh.keepalive(), running.history(), limits, webhooks, fresh.smtp(), logs, running.cluster());
    }
}
