package dev.herald.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Herald's Prometheus metrics (the full list is in the README's "Metrics" section) plus the JVM and process meters
 * of {@link ProcessMeters}. Hot-path counters are {@link LongAdder}s read lazily by the registry, so a delivery costs
 * one uncontended add, not a registry lookup. {@link #close()} unbinds what holds JVM listeners.
 */
public final class HeraldMetrics implements AutoCloseable {
    private static final Duration[] DURABLE_BUCKETS = java.util.stream.LongStream
            .of(1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 2500).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final LongAdder wsDelivered = new LongAdder();
    private final LongAdder wsDropped = new LongAdder();
    private final LongAdder sseDelivered = new LongAdder();
    private final LongAdder sseDropped = new LongAdder();
    private final ProcessMeters processMeters;
    private final LongAdder slowConsumers = new LongAdder();
    private final Counter publishRejected;
    private final Timer publishDurable;
    private final AtomicReference<CompletableFuture<String>> scraping = new AtomicReference<>();
    private final Map<String, Counter> rateLimited = new ConcurrentHashMap<>();
    private final Map<String, Counter> connectionsRefused = new ConcurrentHashMap<>();
    /** Held here because Micrometer keeps only weak references to a function counter's source. */
    private final Supplier<Number> eventsAccepted;

    public HeraldMetrics(Supplier<Number> eventsAccepted) {
        this.eventsAccepted = eventsAccepted;
        FunctionCounter.builder("herald_events_accepted", this.eventsAccepted, s -> s.get().doubleValue())
                .description("Events accepted (durable) by this node").register(registry);
        FunctionCounter.builder("herald_deliveries", wsDelivered, LongAdder::doubleValue)
                .tags("channel", "ws", "outcome", "delivered").description("Frames handed to client connections")
                .register(registry);
        FunctionCounter.builder("herald_deliveries", wsDropped, LongAdder::doubleValue)
                .tags("channel", "ws", "outcome", "dropped").register(registry);
        FunctionCounter.builder("herald_deliveries", sseDelivered, LongAdder::doubleValue)
                .tags("channel", "sse", "outcome", "delivered").register(registry);
        FunctionCounter.builder("herald_deliveries", sseDropped, LongAdder::doubleValue)
                .tags("channel", "sse", "outcome", "dropped").register(registry);
        FunctionCounter.builder("herald_slow_consumer_disconnects", slowConsumers, LongAdder::doubleValue)
                .description("Connections closed with 4008 because they fell behind").register(registry);
        publishRejected = Counter.builder("herald_publish_rejected").description("Publish requests refused")
                .register(registry);
        // Buckets, not client-side percentiles: quantiles of several nodes cannot be merged, buckets can.
        publishDurable = Timer.builder("herald_publish_durable")
                .description("Time from a publish until its events are durable (queue, write, commit and sync)")
                .serviceLevelObjectives(DURABLE_BUCKETS).register(registry);
        processMeters = new ProcessMeters(registry);
        for (String endpoint : new String[] {"/ws/events", "/ws/{user}", "/logs/ws", "/sse/events"}) {
            connectionsOf(endpoint);
        }
        // Listed at zero from the start, so a dashboard or an alert can use them before the first refusal.
        for (String limit : new String[] {"publish", "client_messages"}) {
            rateLimited.computeIfAbsent(limit, l -> Counter.builder("herald_rate_limited").tags("limit", l)
                    .description("Requests and client messages refused by a rate limit").register(registry));
        }
        for (String reason : new String[] {"total", "per_ip", "per_user"}) {
            connectionsRefused.computeIfAbsent(reason, r -> Counter.builder("herald_connections_refused").tags("reason", r)
                    .description("Client connections refused by limits.connections_*").register(registry));
        }
    }

    public AtomicInteger connectionsOf(String endpoint) {
        return connections.computeIfAbsent(endpoint, e -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder("herald_connections", n, AtomicInteger::get).tags("endpoint", e)
                    .description("Open client connections").register(registry);
            return n;
        });
    }

    /** Open WebSocket connections by endpoint (only endpoints with a WebSocket). */
    public Map<String, Integer> webSocketsByEndpoint() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        connections.forEach((k, v) -> {
            if (!k.startsWith("/sse")) {
                out.put(k, v.get());
            }
        });
        return out;
    }

    public void delivered() {
        wsDelivered.increment();
    }

    public void dropped() {
        wsDropped.increment();
    }

    /** An event written to an SSE stream ({@code channel="sse"}). */
    public void sseDelivered() {
        sseDelivered.increment();
    }

    /** An event an SSE stream could not take (closed or over its queue). */
    public void sseDropped() {
        sseDropped.increment();
    }

    public void slowConsumer() {
        slowConsumers.increment();
    }

    /** A publish whose events became durable {@code nanos} after the call (see {@code Publisher#onDurable}). */
    public void publishDurable(long nanos) {
        publishDurable.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void publishRejected() {
        publishRejected.increment();
    }

    /** A request or message refused by a rate limit ({@code publish}, {@code client_messages}). */
    public void rateLimited(String limit) {
        rateLimited.computeIfAbsent(limit, l -> Counter.builder("herald_rate_limited").tags("limit", l)
                .description("Requests and client messages refused by a rate limit").register(registry)).increment();
    }

    /** A connection refused by a connection limit ({@code total}, {@code per_ip}, {@code per_user}). */
    public void connectionRefused(String reason) {
        connectionsRefused.computeIfAbsent(reason, r -> Counter.builder("herald_connections_refused").tags("reason", r)
                .description("Client connections refused by limits.connections_*").register(registry)).increment();
    }

    public void gauge(String name, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).tags(tags).strongReference(true).register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * The Prometheus text, rendered on {@code blocking}, one at a time: a call while a scrape is running gets that scrape's text
     * instead of starting another. Completes on {@code blocking}'s thread.
     */
    public CompletableFuture<String> scrapeShared(Executor blocking) {
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = scraping.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        mine.whenComplete((text, failure) -> scraping.compareAndSet(mine, null));
        try {
            blocking.execute(() -> {
                try {
                    mine.complete(registry.scrape());
                } catch (RuntimeException | Error e) {
                    mine.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) { // the executor refused (shutting down)
            mine.completeExceptionally(e);
        }
        return mine;
    }

    @Override
    public void close() {
        processMeters.close();
    }
}
