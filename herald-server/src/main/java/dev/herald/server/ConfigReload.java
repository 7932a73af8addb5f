package dev.herald.server;

import dev.herald.core.event.Timestamps;
import dev.herald.core.hub.Frame;
import dev.herald.server.config.ConfigDiff;
import dev.herald.server.config.ConfigException;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.ws.LogsEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Applies a re-read configuration to a running node (SIGHUP). The new file is validated whole, as at start; an
 * invalid one is rejected and the node keeps running on what it has. Of a valid one, the
 * {@link ConfigDiff#RELOADABLE} keys take effect: the {@link LiveConfig} snapshot is swapped, the node-wide limiters,
 * the webhook dispatcher and the log stream get their new values, and every connected client is told with
 * {@code system_status: config_change} listing the keys. Changed keys that need a restart are logged and ignored.
 *
 * <p>Thread: {@link #reload} blocks (it reads the file) and must not run on an event loop; calls are serialized.
 * Nothing here blocks an event loop: each component swaps an immutable value behind a volatile reference. The
 * swaps are not one transaction across components: for an instant the publish limiter may run on the new limit
 * while the dispatcher still uses the old schedule, but each reader sees one whole value of its own.
 */
final class ConfigReload {
    private static final Logger log = LoggerFactory.getLogger(ConfigReload.class);

    private final ServerContext ctx;
    private final LogsEndpoint logs;
    private final Map<ReloadResult.Outcome, Counter> reloads;
    /** The configuration as last read (before dev secrets were filled in), restart-only keys as at start. */
    private HeraldConfig asRead;

    ConfigReload(HeraldConfig asRead, ServerContext ctx, LogsEndpoint logs, MeterRegistry meters) {
        this.asRead = asRead;
        this.ctx = ctx;
        this.logs = logs;
        this.reloads = Map.of(
                ReloadResult.Outcome.APPLIED, counter(meters, "applied"),
                ReloadResult.Outcome.UNCHANGED, counter(meters, "unchanged"),
                ReloadResult.Outcome.REJECTED, counter(meters, "rejected"));
    }

    private static Counter counter(MeterRegistry meters, String result) {
        return Counter.builder("herald_config_reloads").tags("result", result)
                .description("Configuration reloads (SIGHUP): applied, unchanged, or rejected as invalid").register(meters);
    }

    synchronized ReloadResult reload(Supplier<HeraldConfig> source) {
        long started = System.nanoTime();
        HeraldConfig fresh;
        try {
            fresh = source.get();
            if (ctx.config().isProduction() && "none".equals(fresh.logs().auth())) {
                throw new ConfigException(List.of("logs.auth: \"none\" is refused in production mode"));
            }
        } catch (ConfigException e) {
            log.atError().addKeyValue("problems", e.problems())
                    .log("configuration reload rejected: the new file is invalid; still running with the previous"
                            + " configuration");
            return count(new ReloadResult(ReloadResult.Outcome.REJECTED, List.of(), List.of(), e.problems()));
        } catch (RuntimeException e) {
            String problem = String.valueOf(e.getMessage());
            log.atError().setCause(e).addKeyValue("problems", List.of(problem))
                    .log("configuration reload rejected: still running with the previous configuration");
            return count(new ReloadResult(ReloadResult.Outcome.REJECTED, List.of(), List.of(), List.of(problem)));
        }
        ConfigDiff diff = ConfigDiff.between(asRead, fresh);
        asRead = ConfigDiff.merge(asRead, fresh);
        if (!diff.requireRestart().isEmpty()) {
            log.atWarn().addKeyValue("keys", diff.requireRestart())
                    .log("configuration reload: these changes require a restart and are ignored until then");
        }
        if (diff.reloaded().isEmpty()) {
            log.atInfo().log("configuration reload: nothing that can change without a restart has changed");
            return count(new ReloadResult(ReloadResult.Outcome.UNCHANGED, List.of(), diff.requireRestart(), List.of()));
        }
        HeraldConfig next = ConfigDiff.merge(ctx.config(), fresh);
        ctx.live().set(next);
        ctx.limiters().update(next.limits());
        ctx.webhooks().reconfigure(next);
        logs.reconfigure(next.logs());
        ctx.pipeline().announce(Frame.systemStatus("config_change", next.nodeId(), Timestamps.now(), diff.reloaded()));
        log.atInfo().addKeyValue("changed", diff.reloaded())
                .addKeyValue("took_ms", (System.nanoTime() - started) / 1_000_000).log("configuration reloaded");
        return count(new ReloadResult(ReloadResult.Outcome.APPLIED, diff.reloaded(), diff.requireRestart(), List.of()));
    }

    private ReloadResult count(ReloadResult r) {
        reloads.get(r.outcome()).increment();
        return r;
    }
}
