package dev.herald.core.webhook;

import dev.herald.core.event.Event;
import dev.herald.core.store.Outbox;
import dev.herald.core.store.OutboxEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-memory view of every endpoint that the event store's writer thread consults, inside the event's
 * transaction, to write one delivery per matching endpoint ({@link Outbox}). Reads are lock-free snapshots,
 * so the writer never waits on the API; the API updates it after each change is durable. An event is encoded
 * into its webhook body once, however many endpoints match.
 */
public final class EndpointRegistry implements Outbox {
    private final Map<String, List<Endpoint>> byTenant = new ConcurrentHashMap<>();
    private final Map<String, Endpoint> byId = new ConcurrentHashMap<>();
    private final AtomicReference<Runnable> onCommitted = new AtomicReference<>(() -> { });

    public EndpointRegistry(Collection<Endpoint> initial) {
        initial.forEach(this::put);
    }

    /** Adds or replaces {@code endpoint}. */
    public void put(Endpoint endpoint) {
        byTenant.compute(endpoint.tenant(), (t, list) -> {
            List<Endpoint> next = new ArrayList<>(list == null ? List.of() : list);
            next.removeIf(e -> e.id().equals(endpoint.id()));
            next.add(endpoint);
            byId.put(endpoint.id(), endpoint);
            return List.copyOf(next);
        });
    }

    /** The endpoint as last saved, or null once deleted. */
    public Endpoint find(String id) {
        return byId.get(id);
    }

    public void remove(String tenant, String id) {
        byTenant.computeIfPresent(tenant, (t, list) -> {
            List<Endpoint> next = new ArrayList<>(list);
            next.removeIf(e -> e.id().equals(id));
            byId.remove(id);
            return next.isEmpty() ? null : List.copyOf(next);
        });
    }

    /** Called after a commit that wrote deliveries (on the store's writer thread; must not block). */
    public void onDeliveriesCommitted(Runnable wake) {
        onCommitted.set(wake);
    }

    @Override
    public List<OutboxEntry> entriesFor(Event event) {
        List<Endpoint> endpoints = byTenant.get(event.tenant());
        return endpoints == null ? List.of() : WebhookOutbox.entriesFor(event, endpoints);
    }

    @Override
    public void committed(int count) {
        onCommitted.get().run();
    }
}
