package dev.herald.server.webhook;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import dev.herald.core.id.Ulid;
import dev.herald.core.webhook.Delivery;
import dev.herald.core.webhook.DeliveryStatus;
import dev.herald.core.webhook.DeliveryStore;
import dev.herald.core.webhook.Endpoint;
import dev.herald.core.webhook.EndpointRegistry;
import dev.herald.core.webhook.EndpointStore;
import dev.herald.core.webhook.SigningSecrets;
import dev.herald.core.webhook.TargetGuard;
import dev.herald.core.webhook.WebhookSecret;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the webhook API does, tenant by tenant: endpoints (validated by {@link TargetGuard}, secrets minted and
 * rotated), delivery logs, manual retries. Every change is durable before the in-memory
 * {@link EndpointRegistry} sees it. Calls block (SQLite, DNS): run them off the event loop. Another tenant's
 * id is answered as absent (404), never as forbidden.
 */
public final class WebhookService {
    public static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);

    private final EndpointStore endpoints;
    private final DeliveryStore deliveries;
    private final EndpointRegistry registry;
    private final TargetGuard guard;
    private final Clock clock;
    private volatile Runnable wakeDispatcher = () -> { };

    public WebhookService(EndpointStore endpoints, DeliveryStore deliveries, EndpointRegistry registry,
                          TargetGuard guard, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.registry = registry;
        this.guard = guard;
        this.clock = clock;
    }

    void onManualAttempt(Runnable wake) {
        this.wakeDispatcher = wake;
    }

    /** The new endpoint and its secret, shown this once. */
    public record Created(Endpoint endpoint, WebhookSecret secret) {
    }

    public Created create(String tenant, EndpointSpec spec) {
        guard.check(spec.url());
        Instant now = clock.instant();
        WebhookSecret secret = WebhookSecret.mint();
        Endpoint e = new Endpoint("wh_" + Ulid.next(), tenant, spec.url(), spec.eventTypes(), spec.description(),
                spec.notifyEmail(), SigningSecrets.of(secret), null, now, now);
        if (spec.disabled()) {
            e = e.disable(now, Endpoint.DISABLED_MANUALLY);
        }
        endpoints.insert(e);
        registry.put(e);
        return new Created(e, secret);
    }

    public List<Endpoint> list(String tenant) {
        return endpoints.list(tenant);
    }

    public Endpoint get(String tenant, String id) {
        return endpoints.find(tenant, id).orElseThrow(() -> notFound("webhook endpoint", id));
    }

    public Endpoint update(String tenant, String id, EndpointSpec.Patch patch) {
        Endpoint current = get(tenant, id);
        EndpointSpec next = patch.applyTo(current);
        if (!next.url().equals(current.url())) {
            guard.check(next.url());
        }
        Instant now = clock.instant();
        Endpoint updated = current.withSettings(next.url(), next.eventTypes(), next.description(), next.notifyEmail(), now);
        updated = next.disabled() ? updated.disable(now, Endpoint.DISABLED_MANUALLY) : updated.enable(now);
        save(updated);
        if (current.disabled() && !updated.disabled()) {
            wakeDispatcher.run(); // its pending deliveries are due again
        }
        return updated;
    }

    public void delete(String tenant, String id) {
        if (!endpoints.delete(tenant, id)) {
            throw notFound("webhook endpoint", id);
        }
        registry.remove(tenant, id);
    }

    /** Rotation: a new current secret; the old one stays live for {@code overlap} (zero: dropped at once). */
    public Rotated rotate(String tenant, String id, Duration overlap) {
        Endpoint current = get(tenant, id);
        Instant now = clock.instant();
        WebhookSecret next = WebhookSecret.mint();
        SigningSecrets live = current.liveSecrets(now);
        Endpoint rotated = overlap.isZero()
                ? current.withSecrets(SigningSecrets.of(next), null, now)
                : current.withSecrets(live.rotatedTo(next), now.plus(overlap), now);
        save(rotated);
        return new Rotated(rotated, next);
    }

    public record Rotated(Endpoint endpoint, WebhookSecret secret) {
    }

    /** Ends a rotation overlap now: only the newest secret signs from here on. */
    public Endpoint completeRotation(String tenant, String id) {
        Endpoint current = get(tenant, id);
        Endpoint done = current.withSecrets(current.secrets().overlapCompleted(), null, clock.instant());
        save(done);
        return done;
    }

    private void save(Endpoint e) {
        if (!endpoints.update(e)) {
            throw notFound("webhook endpoint", e.id());
        }
        registry.put(e);
    }

    public DeliveryStore.Page deliveries(String tenant, String endpointId, DeliveryStatus status, int limit, String cursor) {
        get(tenant, endpointId);
        return deliveries.list(tenant, endpointId, status, limit, cursor);
    }

    /** Where event {@code eventId} went: its deliveries, one per endpoint, oldest first. */
    public List<Delivery> deliveriesOfEvent(String tenant, String eventId) {
        return deliveries.forEvent(tenant, eventId);
    }

    public Delivery delivery(String tenant, String id) {
        return deliveries.find(tenant, id).orElseThrow(() -> notFound("delivery", id));
    }

    public Delivery retry(String tenant, String id) {
        Optional<Delivery> d = deliveries.retryNow(tenant, id, clock.instant());
        wakeDispatcher.run();
        return d.orElseThrow(() -> notFound("delivery", id));
    }

    public int recover(String tenant, String endpointId, Instant since) {
        get(tenant, endpointId);
        int n = deliveries.recover(tenant, endpointId, since, clock.instant());
        wakeDispatcher.run();
        return n;
    }

    private static HeraldException notFound(String what, String id) {
        return new HeraldException(ErrorCode.NOT_FOUND, "no " + what + " " + id);
    }
}
