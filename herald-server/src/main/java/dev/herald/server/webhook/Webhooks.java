package dev.herald.server.webhook;

import dev.herald.core.webhook.EndpointRegistry;
import dev.herald.core.webhook.HostResolver;
import dev.herald.core.webhook.RetrySchedule;
import dev.herald.core.webhook.TargetGuard;
import dev.herald.server.config.HeraldConfig;
import dev.herald.store.sqlite.SqliteDatabase;
import dev.herald.store.sqlite.SqliteDeliveryStore;
import dev.herald.store.sqlite.SqliteEndpointStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The webhook feature of one node, wired: endpoint and delivery stores, the in-memory endpoint registry that
 * the event store consults as its {@link dev.herald.core.store.Outbox}, the API service and the dispatcher.
 *
 * <p>Lifecycle: {@link #open} before the event store (which needs {@link #outbox()}); {@link #start} once Vert.x
 * runs; {@link #close} before Vert.x stops — it stops claiming and lets attempts in flight finish (up to
 * {@value #SHUTDOWN_GRACE_SECONDS} s).
 */
public final class Webhooks implements AutoCloseable {
    static final int SHUTDOWN_GRACE_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

    private final HeraldConfig config;
    private final SqliteEndpointStore endpoints;
    private final SqliteDeliveryStore deliveries;
    private final EndpointRegistry registry;
    private final TargetGuard guard;
    private final WebhookService service;
    private Dispatcher dispatcher;
    private WebhookSender sender;

    private Webhooks(HeraldConfig config, SqliteDatabase db, HostResolver resolver) {
        this.config = config;
        this.endpoints = new SqliteEndpointStore(db, SecretKeyFile.cipher(config));
        this.deliveries = new SqliteDeliveryStore(db);
        this.registry = new EndpointRegistry(endpoints.all());
        this.guard = config.isProduction() ? TargetGuard.production(resolver) : TargetGuard.dev(resolver);
        this.service = new WebhookService(endpoints, deliveries, registry, guard, Clock.systemUTC());
    }

    public static Webhooks open(HeraldConfig config, SqliteDatabase db, HostResolver resolver) {
        return new Webhooks(config, db, resolver);
    }

    /** Consulted by the event store inside each append's transaction. */
    public EndpointRegistry outbox() {
        return registry;
    }

    public WebhookService service() {
        return service;
    }

    /** Starts dispatching. The embedded store serves this node alone, so leases left by a previous process are void. */
    public void start(Vertx vertx, MeterRegistry meters, String version, Supplier<String> baseUrl) {
        int released = deliveries.releaseLeases();
        if (released > 0) {
            log.atInfo().addKeyValue("deliveries", released).log("resuming webhook attempts a previous run left unfinished");
        }
        HeraldConfig.Webhooks w = config.webhooks();
        sender = new WebhookSender(vertx, w.timeout(), w.concurrency());
        dispatcher = new Dispatcher(deliveries, registry, guard, sender, new RetrySchedule(w.retrySchedule(), w.jitter()),
                new FailureNotifier(config.smtp(), baseUrl), new WebhookMetrics(meters), w.concurrency(),
                w.notifyAfter(), w.timeout(), config.nodeId(), "Herald-Webhooks/" + version, Clock.systemUTC());
        registry.onDeliveriesCommitted(dispatcher::wake);
        service.onManualAttempt(dispatcher::wake);
        dispatcher.start();
        if (config.smtp().host() == null) {
            log.atInfo().log("smtp.host is not set: webhook failure notifications go to this log only");
        }
    }

    /** Graceful stop: no new attempts; those in flight finish and are recorded (up to the grace period). */
    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.close(Duration.ofSeconds(SHUTDOWN_GRACE_SECONDS));
        }
        if (sender != null) {
            try {
                sender.close().toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.atDebug().setCause(e).log("closing the webhook HTTP client");
            }
        }
        endpoints.close();
        deliveries.close();
    }
}
