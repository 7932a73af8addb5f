package dev.herald.core.webhook;

import dev.herald.core.event.Event;
import dev.herald.core.event.NewEvent;
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
    private volatile EndpointStore missesFrom;

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

    /**
     * {@link #find(String)}, and on a miss, when other nodes share the store, the store's copy (an endpoint
     * created elsewhere since the last {@link #replaceAll}). Blocking on a miss: call off event loops.
     */
    public Endpoint find(String tenant, String id) {
        Endpoint e = byId.get(id);
        EndpointStore store = missesFrom;
        if (e == null && store != null) {
            e = store.find(tenant, id).orElse(null);
            if (e != null) {
                put(e);
            }
        }
        return e;
    }

    /** In a cluster: read misses from {@code store} (see {@link #find(String, String)}). */
    public void readMissesFrom(EndpointStore store) {
        this.missesFrom = store;
    }

    /** Makes the registry exactly {@code current} (a reload from the shared store). */
    public void replaceAll(Collection<Endpoint> current) {
        java.util.Set<String> keep = new java.util.HashSet<>();
        for (Endpoint e : current) {
            keep.add(e.id());
            Endpoint known = byId.get(e.id());
            if (known == null || !known.equals(e)) {
                put(e);
            }
        }
        for (Endpoint e : List.copyOf(byId.values())) {
            if (!keep.contains(e.id())) {
                remove(e.tenant(), e.id());
            }
        }
    }

    public void remove(String tenant, String id) {
        byTenant.computeIfPresent(tenant, (t, list) -> {
            List<Endpoint> next = new ArrayList<>(list);
            next.removeIf(e -> e.id().equals(id));
            byId.remove(id);
            return next.isEmpty() ? null : List.copyOf(next);
        });
    }

    /** How many endpoints are enabled now (they may be sent new deliveries). */
    public int enabledCount() {
        return byId.size() - disabledCount();
    }

    /** How many endpoints are disabled now (a gauge). */
    public int disabledCount() {
        int n = 0;
        for (Endpoint e : byId.values()) {
            if (e.disabled()) {
                n++;
            }
        }
        return n;
    }

    /** Called after a commit that wrote deliveries (on the store's writer thread; must not block). */
    public void onDeliveriesCommitted(Runnable wake) {
        onCommitted.set(wake);
    }

    @Override
    public List<OutboxEntry> entriesFor(Event event) {
        return entriesFor(event, null);
    }

    /** The webhook body, encoded on the publishing thread when an endpoint wants the event (issue #15). */
    @Override
    public Object prepare(String tenant, NewEvent event) {
        List<Endpoint> endpoints = byTenant.get(tenant);
        return endpoints == null ? null : WebhookOutbox.bodyIfWanted(tenant, event, endpoints);
    }

    @Override
    public List<OutboxEntry> entriesFor(Event event, Object prepared) {
        List<Endpoint> endpoints = byTenant.get(event.tenant());
        return endpoints == null ? List.of() : WebhookOutbox.entriesFor(event, endpoints, (String) prepared);
    }

    @Override
    public void committed(int count) {
        onCommitted.get().run();
    }
}
