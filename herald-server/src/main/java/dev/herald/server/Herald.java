package dev.herald.server;

import com.nimbusds.jose.jwk.JWKSet;
import dev.herald.core.auth.ApiKeyAuthenticator;
import dev.herald.core.auth.TokenVerifier;
import dev.herald.core.broker.Broker;
import dev.herald.core.event.NewEvent;
import dev.herald.core.event.Timestamps;
import dev.herald.core.history.History;
import dev.herald.core.hub.Frame;
import dev.herald.core.hub.Hub;
import dev.herald.core.ingest.Publisher;
import dev.herald.core.store.AppendResult;
import dev.herald.core.store.ApiKeyStore;
import dev.herald.core.store.EventStore;
import dev.herald.server.bootstrap.DevBootstrap;
import dev.herald.server.dashboard.Dashboard;
import dev.herald.core.store.SharedSecrets;
import dev.herald.core.webhook.SecretCipher;
import dev.herald.server.cluster.Brokers;
import dev.herald.server.cluster.ClusterMembership;
import dev.herald.server.store.StoreBackend;
import dev.herald.server.webhook.SecretKeyFile;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.limits.Limiters;
import dev.herald.server.metrics.HeraldMetrics;
import dev.herald.server.retention.Pruner;
import dev.herald.server.retention.RetentionMetrics;
import dev.herald.server.webhook.Webhooks;
import dev.herald.core.webhook.HostResolver;
import dev.herald.server.stream.EventPipeline;
import dev.herald.server.stream.RecoverySource;
import dev.herald.server.ws.LogsEndpoint;
import dev.herald.server.ws.WebSocketRouter;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running Herald node. {@link #embedded} starts one in-process; the CLI's {@code serve} does the same.
 *
 * <p>Start order: store, history (warmed from the store), broker, hub, log tailer ({@code logs.dir}),
 * HTTP/WebSocket servers, retention ({@link Pruner}), then a {@code system_status: startup} frame. {@link #close()}
 * reverses it: {@code system_status: shutdown}, every WebSocket closed with 1001, log tailer and pruner stopped,
 * servers stopped, store closed after in-flight appends are committed. {@link #reload} applies a re-read configuration
 * while it runs (SIGHUP; {@link ConfigReload}).
 */
public final class Herald implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Herald.class);

    private final ServerContext ctx;
    private final Vertx vertx;
    private final List<HttpVerticle> verticles;
    private final int port;
    private final Optional<String> mintedAdminKey;
    private final LogsEndpoint logs;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Pruner pruner;
    private final PublishCallbacks callbacks = new PublishCallbacks();
    private final ConfigReload reloads;

    private Herald(ServerContext ctx, Vertx vertx, List<HttpVerticle> verticles, int port, Optional<String> mintedAdminKey,
                   LogsEndpoint logs, Pruner pruner, ConfigReload reloads) {
        this.reloads = reloads;
        this.pruner = pruner;
        this.ctx = ctx;
        this.vertx = vertx;
        this.verticles = verticles;
        this.port = port;
        this.mintedAdminKey = mintedAdminKey;
        this.logs = logs;
    }

    /** Starts a node with {@code config} and returns once it accepts connections. */
    public static Herald embedded(HeraldConfig config) {
        return embedded(config, HostResolver.system());
    }

    /** As {@link #embedded(HeraldConfig)}, resolving webhook hosts with {@code webhookResolver} (tests use a fixed one). */
    public static Herald embedded(HeraldConfig config, HostResolver webhookResolver) {
        return embedded(config, webhookResolver, Clock.systemUTC());
    }

    /**
     * As {@link #embedded(HeraldConfig, HostResolver)}, with {@code clock} timing webhook attempts, retries, failure
     * streaks, retention and dashboard sessions (tests move it forward to cover days in seconds). Events are stamped with the real time.
     */
    public static Herald embedded(HeraldConfig config, HostResolver webhookResolver, Clock clock) {
        StoreBackend backend = StoreBackend.open(config);
        try {
            return embedded(config, webhookResolver, backend, clock);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    private static Herald embedded(HeraldConfig config, HostResolver webhookResolver, StoreBackend backend, Clock clock) {
        SharedSecrets secrets = backend.secrets();
        ApiKeyStore keys = backend.keys();
        DevBootstrap.Result boot = DevBootstrap.prepare(config, keys, secrets);
        HeraldConfig cfg = boot.config();

        SecretCipher cipher = backend.shared() ? SecretKeyFile.cipher(cfg, secrets) : SecretKeyFile.cipher(cfg);
        Webhooks webhooks = Webhooks.open(cfg, backend.endpoints(cipher), backend.deliveries(), backend.shared(),
                webhookResolver, clock);
        EventStore store = backend.events(webhooks.outbox());
        History history = new History(cfg.history().size(), cfg.history().ttl(), Clock.systemUTC());
        Hub hub = new Hub();
        Broker broker = Brokers.open(cfg);
        EventPipeline pipeline;
        try {
            pipeline = EventPipeline.start(store, broker, history, hub, cfg.history().ttl(), cfg.history().size(),
                    cfg.cluster().shared());
        } catch (RuntimeException e) {
            broker.close();
            store.close();
            throw e;
        }
        Publisher publisher = new Publisher(store, broker, new dev.herald.core.ingest.Admission(
                cfg.limits().maxPendingAppends(), cfg.limits().maxFanoutBacklog(), hub::backlog));
        HeraldMetrics metrics = new HeraldMetrics(publisher::acceptedCount);
        publisher.onDurable(metrics::publishDurable);
        metrics.gauge("herald_store_pending_appends", () -> publisher.admission().pending());
        metrics.gauge("herald_hub_subscribers", hub::subscriberCount);
        metrics.gauge("herald_hub_backlog_frames", hub::backlog);
        metrics.gauge("herald_history_tenants", history::tenantCount);
        metrics.gauge("herald_sequencer_held_frames", () -> pipeline.sequencer().held());
        metrics.gauge("herald_sequencer_store_fills", () -> pipeline.sequencer().gapsFilled());
        Brokers.registerMetrics(broker, metrics);
        ClusterMembership membership = new ClusterMembership(backend.nodes(), cfg.nodeId(), hub::subscriberCount);
        LiveConfig live = new LiveConfig(cfg);
        ServerContext ctx = new ServerContext(live, version(), tokenVerifier(cfg), new ApiKeyAuthenticator(keys),
                publisher, store,
                new RecoverySource(history, store, pipeline::released), hub, broker, pipeline, metrics,
                new AtomicBoolean(), webhooks, membership, backend, Limiters.of(cfg.limits(), metrics));
        registerLimits(live, metrics);

        Pruner pruner = new Pruner(store, webhooks.deliveries(), cfg.history().ttl(), cfg.webhooks().retention(), clock,
                new RetentionMetrics(metrics.registry()));
        LogsEndpoint logs = LogsEndpoint.start(ctx);
        Dashboard dashboard = new Dashboard(ctx, logs, clock);
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        List<HttpVerticle> verticles = Collections.synchronizedList(new ArrayList<>());
        try {
            // A negative port makes every instance share one ephemeral port (Vert.x server sharing).
            int listenPort = cfg.server().port() == 0 ? -1 : cfg.server().port();
            int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
            await(vertx.deployVerticle(() -> {
                HttpVerticle v = new HttpVerticle(ctx, listenPort, java.util.Map.of(WebSocketRouter.LOGS_PATH, logs::open,
                        Dashboard.LOGS_WS_PATH, dashboard::openLogs), dashboard);
                verticles.add(v);
                return v;
            }, new DeploymentOptions().setInstances(instances)));
            int port = verticles.get(0).actualPort();
            webhooks.start(vertx, metrics.registry(), version(), () -> cfg.server().localUrl(port));
            membership.start(cfg.server().advertisedUrl(port));
            pruner.start();
            Herald herald = new Herald(ctx, vertx, List.copyOf(verticles), port, boot.mintedAdminKey(), logs, pruner,
                    new ConfigReload(config, ctx, logs, metrics.registry()));
            pipeline.announce(Frame.systemStatus("startup", cfg.nodeId(), Timestamps.now()));
            log.atInfo().addKeyValue("host", cfg.server().host()).addKeyValue("port", port)
                    .addKeyValue("mode", cfg.mode()).addKeyValue("node", cfg.nodeId())
                    .addKeyValue("event_loops", verticles.size())
                    .addKeyValue("transport", vertx.isNativeTransportEnabled() ? "epoll" : "nio")
                    .log("herald started");
            return herald;
        } catch (RuntimeException e) {
            pruner.close();
            membership.close();
            webhooks.close();
            vertx.close();
            logs.close();
            pipeline.close();
            broker.close();
            store.close();
            throw e;
        }
    }

    /** The limits in force, as gauges, so a dashboard can draw the line its counters approach. */
    private static void registerLimits(LiveConfig live, HeraldMetrics metrics) {
        metrics.gauge("herald_limit", () -> live.get().limits().publish().perSecond(), "name", "publish_rate");
        metrics.gauge("herald_limit", () -> live.get().limits().publish().burst(), "name", "publish_burst");
        metrics.gauge("herald_limit", () -> live.get().limits().clientMessages().perSecond(), "name", "client_message_rate");
        metrics.gauge("herald_limit", () -> live.get().limits().clientMessages().burst(), "name", "client_message_burst");
        metrics.gauge("herald_limit", () -> live.get().limits().connections().total(), "name", "connections_total");
        metrics.gauge("herald_limit", () -> live.get().limits().connections().perIp(), "name", "connections_per_ip");
        metrics.gauge("herald_limit", () -> live.get().limits().connections().perUser(), "name", "connections_per_user");
    }

    private static TokenVerifier tokenVerifier(HeraldConfig cfg) {
        JWKSet jwks = null;
        if (cfg.auth().jwksFile() != null) {
            try {
                jwks = JWKSet.load(cfg.auth().jwksFile().toFile());
            } catch (IOException | java.text.ParseException e) {
                throw new IllegalStateException("auth.jwks_file: cannot read " + cfg.auth().jwksFile() + ": " + e.getMessage(), e);
            }
        }
        return new TokenVerifier(cfg.auth().jwtSecret(), jwks, cfg.auth().clockSkew());
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("cannot start: " + cause.getMessage(), cause);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start: " + e.getMessage(), e);
        }
    }

    static String version() {
        try (InputStream in = Herald.class.getResourceAsStream("/herald.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    /**
     * Publishes to the {@code default} tenant. Completes once the event is durable and visible to subscribers,
     * on one of Herald's callback threads (see {@link #publish(String, List)}).
     */
    public CompletionStage<AppendResult> publish(NewEvent event) {
        return publish("default", event);
    }

    /** Publishes to {@code tenant}; as {@link #publish(String, List)} for one event. */
    public CompletionStage<AppendResult> publish(String tenant, NewEvent event) {
        return publish(tenant, List.of(event)).thenApply(r -> r.get(0));
    }

    /**
     * Publishes a batch, all or nothing. Completes once the events are durable and visible to subscribers, or
     * exceptionally: {@link dev.herald.core.error.OverloadedException} when too many publishes are waiting (retry
     * later), {@link dev.herald.core.store.StoreUnavailableException} when the store cannot take it; nothing was
     * accepted then. The stage completes on a Herald callback thread, never the store's writer, so the caller's
     * callbacks may take their time without holding up anyone's commits (a callback that blocks holds one of the
     * callback threads, and the completions queued behind it).
     */
    public CompletionStage<List<AppendResult>> publish(String tenant, List<NewEvent> events) {
        return callbacks.completeOnCallbackThread(ctx.publisher().publish(tenant, events));
    }

    public int port() {
        return port;
    }

    /** The configuration in force now (reloads replace its reloadable values). */
    public HeraldConfig config() {
        return ctx.config();
    }

    /** The admin API key minted by this start (dev mode, empty data directory), if any. */
    public Optional<String> mintedAdminKey() {
        return mintedAdminKey;
    }

    ServerContext context() {
        return ctx;
    }

    /** The HTTP routes every event loop serves (each builds the same); the API documents are checked against them. */
    io.vertx.ext.web.Router router() {
        return verticles.get(0).router();
    }

    /** The WebSocket path templates every event loop accepts; the API documents are checked against them. */
    java.util.Set<String> webSocketPaths() {
        return verticles.get(0).webSocketPaths();
    }

    /**
     * One retention pass now (it also runs every 10 minutes): events beyond the longer of {@code history.ttl} and the
     * 24 h idempotency window, finished deliveries beyond {@code webhooks.retention}. Blocking.
     */
    public Pruner.Pass pruneNow() {
        return pruner.pruneNow();
    }

    /**
     * Re-reads the configuration from {@code source} (the file and environment the node started from) and applies
     * what can change without a restart; see {@link ConfigReload}. An invalid configuration ({@code source} throws
     * {@link dev.herald.server.config.ConfigException}) changes nothing. Blocks while {@code source} reads: call it
     * off the event loops (the CLI calls it on its SIGHUP thread). Calls are serialized.
     */
    public ReloadResult reload(java.util.function.Supplier<HeraldConfig> source) {
        return reloads.reload(source);
    }

    /** Graceful stop: shutdown notice, WebSockets closed with 1001, servers and store closed. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("herald shutting down");
        ctx.shuttingDown().set(true);
        ctx.membership().close();
        ctx.pipeline().announce(Frame.systemStatus("shutdown", ctx.config().nodeId(), Timestamps.now()));
        try {
            List<Future<Void>> closing = new ArrayList<>();
            for (HttpVerticle v : verticles) {
                closing.add(v.closeSessions());
            }
            closing.add(logs.closeSessions());
            // Wait for clients to answer the close, but not for ones that never will.
            Future.all(closing).toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log.info("some clients did not complete the close handshake within 3 s; dropping them");
        } catch (Exception e) {
            log.warn("closing client connections did not finish cleanly", e);
        }
        logs.close();
        pruner.close();
        ctx.webhooks().close(); // in-flight attempts finish (up to 10 s) while the event loops still run
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("stopping the event loops did not finish cleanly", e);
        }
        ctx.pipeline().close();
        ctx.broker().close();
        ctx.store().close();
        ctx.backend().close();
        ctx.metrics().close();
        callbacks.close();
        log.info("herald stopped");
    }
}
