package dev.herald.server.webhook;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.webhook.Attempt;
import dev.herald.core.webhook.AttemptError;
import dev.herald.core.webhook.ClaimedDelivery;
import dev.herald.core.webhook.DeliveryStatus;
import dev.herald.core.webhook.DeliveryStore;
import dev.herald.core.webhook.Endpoint;
import dev.herald.core.webhook.EndpointRegistry;
import dev.herald.core.webhook.ResolvedTarget;
import dev.herald.core.webhook.RetryAfter;
import dev.herald.core.webhook.RetrySchedule;
import dev.herald.core.webhook.SignatureHeaders;
import dev.herald.core.webhook.TargetGuard;
import dev.herald.core.webhook.WebhookSigner;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Works the outbox: claims due deliveries with a lease, attempts each (guard, sign, send), records the
 * attempt and schedules the next one, and starts a failure notification when a streak reaches
 * {@code webhooks.notify_after}, or a "disabled" one when the store disabled the endpoint for failing
 * {@code webhooks.disable_after} (then {@code onDisabled} refreshes the in-memory endpoint).
 *
 * <p>Threads: one dispatching thread, which records finished attempts and claims new ones in one store transaction
 * per round; a small worker pool for what blocks (DNS, SQLite, SMTP); the network I/O
 * itself runs on Vert.x event loops and holds no thread while it waits. At most {@code concurrency} requests
 * per endpoint are in flight (an endpoint's slot is free again once its answer is in, before the attempt is recorded:
 * the delivery stays leased until then, so it cannot be claimed twice), and at most {@link #MAX_IN_FLIGHT} claimed
 * deliveries in all, recorded or not, so one slow receiver cannot stall others and memory stays bounded.
 * A claim's lease outlives the attempt's timeout; if this process dies mid-attempt the lease runs out (or is
 * voided at the next start of a single-node store) and the delivery is attempted again: at least once.
 * {@link #close} stops claiming and lets attempts in flight finish, up to a grace period.
 */
final class Dispatcher {
    static final int MAX_IN_FLIGHT = 256;
    private static final Duration IDLE_POLL = Duration.ofMillis(250);
    /** After a wake-up, how long to let more slots free before claiming (one claim for several; issue #15: 3 ms capped one endpoint near 1,000/s). */
    private static final Duration COALESCE = Duration.ofMillis(1);
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final DeliveryStore store;
    private final EndpointRegistry registry;
    private final WebhookSender sender;
    /** {@code webhooks.retry_schedule}/{@code jitter}; replaced by a reload, read once per finished attempt. */
    private volatile RetrySchedule schedule;
    private final FailureNotifier notifier;
    private final WebhookMetrics metrics;
    private final int perEndpoint;
    /** {@code webhooks.notify_after}/{@code disable_after}; replaced by a reload, read once per recorded batch. */
    private volatile DeliveryStore.FailurePolicy policy;
    private final java.util.function.Consumer<Endpoint> onDisabled;
    private final Duration lease;
    private final String owner;
    private final String userAgent;
    private final Clock clock;

    private final BlockingQueue<Boolean> signal = new ArrayBlockingQueue<>(1);
    private final Map<String, AtomicInteger> inFlightByEndpoint = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "herald-webhook-worker");
        t.setDaemon(true);
        return t;
    });
    /** DNS lookups of send-time checks, on threads of their own (a hanging resolver holds none of the workers). */
    private final Lookups lookups;
    /** Failure emails, on a thread of their own (a slow mail server holds none of the workers). */
    private final Notifications notifications;
    private final Thread dispatcher = new Thread(this::loop, "herald-webhook-dispatcher");
    private final BlockingQueue<Finished> finished = new java.util.concurrent.LinkedBlockingQueue<>();

    /** An attempt waiting to be recorded, with what to do once it is. */
    private record Finished(DeliveryStore.Recorded recorded, Endpoint endpoint) {
    }
    private volatile boolean running;

    Dispatcher(DeliveryStore store, EndpointRegistry registry, TargetGuard guard, WebhookSender sender,
               RetrySchedule schedule, FailureNotifier notifier, WebhookMetrics metrics, int perEndpoint,
               DeliveryStore.FailurePolicy policy, java.util.function.Consumer<Endpoint> onDisabled, Duration timeout,
               String owner, String userAgent, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.sender = sender;
        this.schedule = schedule;
        this.notifier = notifier;
        this.lookups = new Lookups(guard, timeout);
        this.notifications = new Notifications(notifier);
        this.metrics = metrics;
        this.perEndpoint = perEndpoint;
        this.policy = policy;
        this.onDisabled = onDisabled;
        this.lease = timeout.plusSeconds(10); // SPEC §11: a dead node's claims are taken over after this
        this.owner = owner;
        this.userAgent = userAgent;
        this.clock = clock;
        dispatcher.setDaemon(true);
    }

    void start() {
        running = true;
        dispatcher.start();
    }

    /**
     * A reloaded retry schedule and failure policy, and SMTP settings, for what happens from now on: an attempt that
     * finishes afterwards takes its next time from the new schedule; retries already scheduled keep their time.
     * Any thread; never blocks.
     */
    void reconfigure(RetrySchedule newSchedule, DeliveryStore.FailurePolicy newPolicy,
                     dev.herald.server.config.HeraldConfig.Smtp smtp) {
        schedule = newSchedule;
        policy = newPolicy;
        notifier.reconfigure(smtp);
    }

    /** Something became due (a commit with deliveries, a manual retry, a finished attempt). Never blocks. */
    void wake() {
        signal.offer(Boolean.TRUE);
    }

    /**
     * One round per wake-up, one store transaction per round: records the attempts finished since the last round and
     * claims what a claim can fill, then starts the claimed deliveries and handles the outcomes (issue #15: a claiming
     * thread and a recording thread, each with its own transaction and commit, were most of the dispatcher's CPU).
     * Rounds go on while a claim filled all it asked for; otherwise the loop waits for a wake-up (a slot freed, an
     * attempt finished, a commit with deliveries) or {@link #IDLE_POLL}. A claim is skipped while every enabled
     * endpoint is at its concurrency: the query would have to read past every due delivery of those endpoints to find
     * nothing. After {@link #close} it only records, until nothing is in flight.
     */
    private void loop() {
        List<Finished> batch = new java.util.ArrayList<>();
        while (running || inFlight.get() > 0) {
            boolean more = false;
            finished.drainTo(batch, MAX_IN_FLIGHT);
            try {
                more = round(batch);
            } catch (RuntimeException e) {
                log.atWarn().setCause(e).log("a webhook dispatch round failed; trying again shortly");
            }
            try {
                if (!more && finished.isEmpty() && signal.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS) != null) {
                    Thread.sleep(COALESCE.toMillis()); // let a few more slots free up: one round for several
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Records {@code batch} and claims in one transaction; true when the claim got all it asked for. */
    private boolean round(List<Finished> batch) {
        int room = 0;
        java.util.Set<String> full = java.util.Set.of();
        if (running) {
            full = full();
            // The attempts recorded in this transaction make room for the deliveries it claims.
            int free = Math.min(MAX_IN_FLIGHT - inFlight.get() + batch.size(), claimable());
            room = free > 0 && !everyEndpointFull(full) ? free : 0;
        }
        if (batch.isEmpty() && room == 0) {
            return false;
        }
        DeliveryStore.FailurePolicy policy = this.policy;
        DeliveryStore.RecordedAndClaimed result;
        try {
            result = store.recordAndClaim(batch.stream().map(Finished::recorded).toList(), policy, clock.instant(),
                    lease, owner, room, this::freeSlots, full);
        } catch (RuntimeException e) {
            log.atError().setCause(e).addKeyValue("attempts", batch.size())
                    .log("recording webhook attempts and claiming failed; they are attempted again when their leases run out");
            settled(batch);
            return false;
        }
        try {
            handle(batch, result.outcomes(), policy);
        } finally {
            settled(batch);
        }
        launch(result.claimed());
        return room > 0 && !result.claimed().isEmpty() && result.claimed().size() >= room;
    }

    /** The batch's attempts are recorded (or given up to their leases): room for as many claims. */
    private void settled(List<Finished> batch) {
        inFlight.addAndGet(-batch.size());
        batch.clear();
    }

    /** Every enabled endpoint this node knows has all its slots taken (none known: false, claim anyway). */
    private boolean everyEndpointFull(java.util.Set<String> full) {
        int enabled = registry.enabledCount();
        if (enabled == 0 || full.size() < enabled) {
            return false;
        }
        int n = 0;
        for (String id : full) {
            Endpoint e = registry.find(id);
            if (e != null && !e.disabled()) {
                n++;
            }
        }
        return n >= enabled;
    }

    /**
     * Requests that could start now: the free slots of every enabled endpoint, and at least one endpoint's worth (for
     * endpoints this node's registry has not loaded yet). Claiming no more than that keeps a claim from reading
     * candidates it cannot use (issue #15: 500 rows read per claim for one endpoint with 10 slots).
     */
    private int claimable() {
        long held = 0;
        for (AtomicInteger n : inFlightByEndpoint.values()) {
            held += Math.max(0, n.get());
        }
        long free = (long) registry.enabledCount() * perEndpoint - held;
        return (int) Math.max(perEndpoint, Math.min(MAX_IN_FLIGHT, free));
    }

    private java.util.Set<String> full() {
        java.util.Set<String> out = new java.util.HashSet<>();
        inFlightByEndpoint.forEach((id, n) -> {
            if (n.get() >= perEndpoint) {
                out.add(id);
            }
        });
        return out;
    }

    private int freeSlots(String endpointId) {
        AtomicInteger n = inFlightByEndpoint.get(endpointId);
        return perEndpoint - (n == null ? 0 : n.get());
    }

    /**
     * Starts a claim's deliveries: one worker task per endpoint, one send-time target check per endpoint and claim
     * (issue #15: a check, a worker hop and a lookup-thread hop per delivery were most of the dispatcher threads' CPU).
     */
    private void launch(List<ClaimedDelivery> batch) {
        Map<String, List<ClaimedDelivery>> byEndpoint = new LinkedHashMap<>();
        for (ClaimedDelivery d : batch) {
            inFlight.incrementAndGet();
            inFlightByEndpoint.computeIfAbsent(d.endpointId(), k -> new AtomicInteger()).incrementAndGet();
            byEndpoint.computeIfAbsent(d.endpointId(), k -> new java.util.ArrayList<>(4)).add(d);
        }
        for (List<ClaimedDelivery> group : byEndpoint.values()) {
            workers.execute(() -> {
                try {
                    attempt(group);
                } catch (RuntimeException e) {
                    log.atError().setCause(e).addKeyValue("deliveries", group.size())
                            .log("webhook attempts failed unexpectedly");
                    group.forEach(this::done);
                }
            });
        }
    }

    /** Attempts deliveries of one endpoint: one target check (guard and DNS) for all of them, then a send each. */
    private void attempt(List<ClaimedDelivery> group) {
        ClaimedDelivery first = group.get(0);
        Endpoint endpoint = registry.find(first.tenant(), first.endpointId());
        if (endpoint == null) {
            group.forEach(this::done); // deleted with its deliveries
            return;
        }
        Instant at = clock.instant();
        long start = System.nanoTime();
        // The lookup runs on its own threads; this worker is free meanwhile, and the sends continue on a worker.
        lookups.check(endpoint.url()).whenComplete((target, failure) -> workers.execute(() -> {
            for (ClaimedDelivery d : group) {
                try {
                    if (failure != null) {
                        finish(d, endpoint, at, start, SendResult.failed(lookupError(failure)));
                    } else {
                        send(d, endpoint, target, at, start);
                    }
                } catch (RuntimeException e) {
                    log.atError().setCause(e).addKeyValue("delivery", d.id()).log("webhook attempt failed unexpectedly");
                    done(d);
                }
            }
        }));
    }

    /** A refused target is {@code forbidden_target}; a host that does not resolve, in time or at all, is {@code dns}. */
    private static AttemptError lookupError(Throwable failure) {
        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return t instanceof HeraldException e && e.code() != ErrorCode.UNRESOLVABLE_HOST
                ? AttemptError.FORBIDDEN_TARGET : AttemptError.DNS;
    }

    private void send(ClaimedDelivery d, Endpoint endpoint, ResolvedTarget target, Instant at, long start) {
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        SignatureHeaders signature = WebhookSigner.sign(d.eventId(), at, body, endpoint.liveSecrets(at));
        Map<String, String> headers = new LinkedHashMap<>(8);
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", userAgent);
        headers.put(SignatureHeaders.WEBHOOK_ID, signature.webhookId()); // every value set, as the signer makes them
        headers.put(SignatureHeaders.WEBHOOK_TIMESTAMP, signature.webhookTimestamp());
        headers.put(SignatureHeaders.WEBHOOK_SIGNATURE, signature.webhookSignature());
        headers.put(SignatureHeaders.X_SIGNATURE, signature.xSignature());
        sender.send(target, target.addresses().get(0), headers, Buffer.buffer(body))
                // Judged on the event loop: it only computes and queues (no I/O), so no hop to a worker.
                .onComplete(ar -> finish(d, endpoint, at, start, ar.succeeded() ? ar.result()
                        : SendResult.failed(WebhookSender.classify(ar.cause()))));
    }

    /** Judges the attempt, queues it for recording and frees its endpoint's slot. Never throws; never blocks. */
    private void finish(ClaimedDelivery d, Endpoint endpoint, Instant at, long startNanos, SendResult r) {
        try {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            Attempt attempt = new Attempt(at, r.statusCode(), ms, r.excerpt(), r.error());
            Instant now = clock.instant();
            DeliveryStatus status;
            Instant next = null;
            if (attempt.succeeded()) {
                status = DeliveryStatus.SUCCEEDED;
            } else if (d.manual() && d.status() != DeliveryStatus.PENDING) {
                status = d.status(); // a hand-triggered try of a settled delivery: one attempt, no new schedule
            } else {
                Optional<Duration> retryAfter = r.statusCode() == null ? Optional.empty()
                        : RetryAfter.fromAnswer(r.statusCode(), r.retryAfter(), now);
                next = schedule.nextAttemptAt(d.attemptCount() + 1, now, retryAfter).orElse(null);
                status = next == null ? DeliveryStatus.FAILED : DeliveryStatus.PENDING;
            }
            finished.add(new Finished(new DeliveryStore.Recorded(d, attempt, status, next), endpoint));
            releaseSlot(d);
        } catch (RuntimeException e) {
            log.atError().setCause(e).addKeyValue("delivery", d.id()).log("judging a webhook attempt failed");
            done(d);
        }
    }

    /** Counts recorded attempts and starts any notification or disabling their outcomes call for. */
    private void handle(List<Finished> batch, List<DeliveryStore.Outcome> outcomes, DeliveryStore.FailurePolicy policy) {
        for (int i = 0; i < batch.size(); i++) {
            DeliveryStore.Recorded r = batch.get(i).recorded();
            DeliveryStore.Outcome outcome = outcomes.get(i);
            metrics.attempt(r.attempt(), r.status() == DeliveryStatus.PENDING ? null : r.status());
            if (!r.attempt().succeeded()) {
                log.atDebug().addKeyValue("delivery", r.delivery().id()).addKeyValue("endpoint", r.delivery().endpointId())
                        .addKeyValue("result", r.attempt().describe()).addKeyValue("next_attempt_at", r.nextAttemptAt())
                        .log("webhook attempt failed");
            }
            if (outcome.sendNotification()) {
                Endpoint endpoint = batch.get(i).endpoint();
                int streak = outcome.failureStreak();
                notifications.notify(endpoint, streak, r.attempt());
            }
            if (outcome.disabledNow()) {
                Endpoint endpoint = batch.get(i).endpoint();
                metrics.autoDisabled();
                log.atWarn().addKeyValue("endpoint", endpoint.id()).addKeyValue("failing_for", policy.disableAfter())
                        .addKeyValue("last_error", r.attempt().describe()).log("webhook endpoint disabled for failing");
                workers.execute(() -> {
                    onDisabled.accept(endpoint);
                    notifier.notifyDisabled(endpoint, policy.disableAfter(), r.attempt());
                });
            }
        }
    }

    /** An attempt that ends without being queued for recording: its endpoint slot and its place in all. */
    private void done(ClaimedDelivery d) {
        releaseSlot(d);
        recorded();
    }

    /** The attempt's request is over: another may go to its endpoint. */
    private void releaseSlot(ClaimedDelivery d) {
        AtomicInteger n = inFlightByEndpoint.get(d.endpointId());
        if (n != null) {
            n.decrementAndGet();
        }
        wake();
    }

    /** A claimed delivery is settled (recorded, or given up to its lease): room for one more claim. */
    private void recorded() {
        inFlight.decrementAndGet();
        wake();
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Stops claiming and waits up to {@code grace} for attempts in flight to finish and be recorded. */
    void close(Duration grace) {
        running = false;
        wake();
        try {
            long deadline = System.nanoTime() + grace.toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (inFlight.get() > 0) {
            log.atWarn().addKeyValue("in_flight", inFlight.get())
                    .log("webhook attempts still in flight at shutdown; their leases expire and they are retried");
        }
        dispatcher.interrupt();
        workers.shutdown();
        lookups.close();
        notifications.close();
    }

    /** DNS lookups running or queued. */
    int lookupDepth() {
        return lookups.depth();
    }

    /** Failure emails waiting or being sent. */
    int mailDepth() {
        return notifications.depth();
    }
}
