package dev.herald.server.webhook;

import dev.herald.core.webhook.EndpointRegistry;
import dev.herald.core.webhook.HostResolver;
import dev.herald.core.webhook.RetrySchedule;
import dev.herald.core.webhook.TargetGuard;
import dev.herald.core.webhook.DeliveryStore;
import dev.herald.core.webhook.EndpointStore;
import dev.herald.server.config.HeraldConfig;
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
    /** How often a node of a cluster reloads the endpoints other nodes may have changed. */
    static final Duration REGISTRY_REFRESH = Duration.ofSeconds(1);

    private final EndpointStore endpoints;
    private final DeliveryStore deliveries;
    private final boolean shared;
    private final EndpointRegistry registry;
    private final TargetGuard guard;
    private final WebhookService service;
    private final Clock clock;
    private volatile Dispatcher dispatcher;
    private WebhookSender sender;

    private Webhooks(HeraldConfig config, EndpointStore endpoints, DeliveryStore deliveries, boolean shared,
                     HostResolver resolver, Clock clock) {
        this.config = config;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.shared = shared;
        this.registry = new EndpointRegistry(endpoints.all());
        this.guard = config.isProduction() ? TargetGuard.production(resolver) : TargetGuard.dev(resolver);
        this.clock = clock;
        this.service = new WebhookService(endpoints, deliveries, registry, guard, clock);
    }

    /** @param shared other nodes use the same stores (cluster): leases and endpoint changes come from them too */
    public static Webhooks open(HeraldConfig config, EndpointStore endpoints, DeliveryStore deliveries, boolean shared,
                                HostResolver resolver) {
        return open(config, endpoints, deliveries, shared, resolver, Clock.systemUTC());
    }

    /**
     * As {@link #open(HeraldConfig, EndpointStore, DeliveryStore, boolean, HostResolver)} with the clock that times
     * attempts, schedules retries and measures failure streaks (tests move it forward).
     */
    public static Webhooks open(HeraldConfig config, EndpointStore endpoints, DeliveryStore deliveries, boolean shared,
                                HostResolver resolver, Clock clock) {
        return new Webhooks(config, endpoints, deliveries, shared, resolver, clock);
    }

    /** Consulted by the event store inside each append's transaction. */
    public EndpointRegistry outbox() {
        return registry;
    }

    /** The delivery store the dispatcher works (retention prunes it too). */
    public DeliveryStore deliveries() {
        return deliveries;
    }

    public WebhookService service() {
        return service;
    }

    /**
     * Starts dispatching. The embedded store serves this node alone, so leases left by a previous process are
     * void; in a cluster a node releases only its own (other nodes' claims are theirs until their leases end),
     * and reloads the endpoint registry every {@link #REGISTRY_REFRESH} so that changes made on other nodes reach
     * its dispatcher (the outbox itself reads endpoints in each event's transaction).
     */
    public void start(Vertx vertx, MeterRegistry meters, String version, Supplier<String> baseUrl) {
        int released = shared ? deliveries.releaseLeasesOf(config.nodeId()) : deliveries.releaseLeases();
        if (released > 0) {
            log.atInfo().addKeyValue("deliveries", released).log("resuming webhook attempts a previous run left unfinished");
        }
        HeraldConfig.Webhooks w = config.webhooks();
        sender = new WebhookSender(vertx, w.timeout(), w.concurrency());
        dispatcher = new Dispatcher(deliveries, registry, guard, sender, retrySchedule(w),
                new FailureNotifier(config.smtp(), baseUrl), new WebhookMetrics(meters), w.concurrency(), failurePolicy(w),
                e -> endpoints.find(e.tenant(), e.id()).ifPresent(registry::put), // no new deliveries from now on
                w.timeout(), config.nodeId(), "Herald-Webhooks/" + version, clock);
        io.micrometer.core.instrument.Gauge.builder("herald_webhook_endpoints_disabled", registry,
                EndpointRegistry::disabledCount).description("Webhook endpoints currently disabled").register(meters);
        Dispatcher d = dispatcher;
        io.micrometer.core.instrument.Gauge.builder("herald_webhook_dns_lookups_queued", d::lookupDepth)
                .description("send-time DNS lookups running or waiting").register(meters);
        io.micrometer.core.instrument.Gauge.builder("herald_webhook_emails_queued", d::mailDepth)
                .description("failure emails being sent or waiting").register(meters);
        registry.onDeliveriesCommitted(dispatcher::wake);
        service.onManualAttempt(dispatcher::wake);
        dispatcher.start();
        if (shared) {
            registry.readMissesFrom(endpoints);
            vertx.setPeriodic(REGISTRY_REFRESH.toMillis(), id -> vertx.executeBlocking(() -> {
                registry.replaceAll(endpoints.all());
                return null;
            }, false).onFailure(e -> log.atDebug().setCause(e).log("endpoint reload failed; retrying")));
        }
        if (config.smtp().host() == null) {
            log.atInfo().log("smtp.host is not set: webhook failure notifications go to this log only");
        }
    }

    private static RetrySchedule retrySchedule(HeraldConfig.Webhooks w) {
        return new RetrySchedule(w.retrySchedule(), w.jitter());
    }

    private static DeliveryStore.FailurePolicy failurePolicy(HeraldConfig.Webhooks w) {
        return new DeliveryStore.FailurePolicy(w.notifyAfter(), w.disableAfter().isZero() ? null : w.disableAfter());
    }

    /**
     * Applies a reloaded configuration: {@code webhooks.retry_schedule}, {@code jitter}, {@code notify_after},
     * {@code disable_after} and {@code smtp.*} for attempts and notices from now on (see
     * {@link Dispatcher#reconfigure}). The other {@code webhooks.*} keys need a restart. Any thread; never blocks.
     */
    public void reconfigure(HeraldConfig next) {
        Dispatcher d = dispatcher;
        if (d != null) {
            d.reconfigure(retrySchedule(next.webhooks()), failurePolicy(next.webhooks()), next.smtp());
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
    }
}
