package dev.herald.core.webhook;

import java.util.List;
import java.util.Optional;

/**
 * Durable webhook endpoints. Secrets are kept encrypted by the implementation; what goes in and comes out
 * holds them in the clear. Every tenant-facing read takes the tenant, so another tenant's id is simply absent.
 * Calls block (I/O): never call them on an event loop.
 */
public interface EndpointStore {
    void insert(Endpoint endpoint);

    Optional<Endpoint> find(String tenant, String id);

    List<Endpoint> list(String tenant);

    /** Every endpoint of every tenant, for warming the in-memory registry at start. */
    List<Endpoint> all();

    /**
     * Replaces the stored settings, secrets and disabled state of {@code endpoint} (matched by tenant and id); false
     * if absent. Enabling a disabled endpoint also ends its failure streak, so it gets a fresh
     * {@code webhooks.disable_after} before it can be disabled for failing again.
     */
    boolean update(Endpoint endpoint);

    /** Deletes the endpoint with its deliveries and their attempts; false if absent. */
    boolean delete(String tenant, String id);
}
