package dev.herald.server.store;

import dev.herald.core.store.ApiKeyStore;
import dev.herald.core.store.EventStore;
import dev.herald.core.store.NodeDirectory;
import dev.herald.core.store.SharedSecrets;
import dev.herald.core.webhook.DeliveryStore;
import dev.herald.core.webhook.EndpointRegistry;
import dev.herald.core.webhook.EndpointStore;
import dev.herald.core.webhook.SecretCipher;
import dev.herald.server.bootstrap.FileSharedSecrets;
import dev.herald.server.config.HeraldConfig;

/**
 * Everything durable of one node, from one place: {@code store: sqlite} (embedded, this node's alone) or
 * {@code store: postgres} (shared by every node of a cluster). The one factory that turns the {@code store}
 * setting into implementations; every other component receives the interfaces. Calls into the stores block:
 * callers keep them off event loops.
 *
 * <p>Order of use: {@link #secrets()} and {@link #keys()} (bootstrap), {@link #endpoints} and
 * {@link #deliveries()} (webhooks), then {@link #events} once the endpoint registry exists; {@link #close}
 * after the event store is closed.
 */
public interface StoreBackend extends AutoCloseable {

    /** Opens the backend {@code config} names; a database that cannot be reached stops the start. */
    static StoreBackend open(HeraldConfig config) {
        return config.cluster().postgres() ? new PostgresBackend(config) : new SqliteBackend(config.dataDir());
    }

    /**
     * The shared secrets of {@code config}'s deployment for a short-lived caller (the CLI): the files under
     * {@code data_dir}, or the cluster's database, opened for each call.
     */
    static SharedSecrets secretsOf(HeraldConfig config) {
        if (!config.cluster().postgres()) {
            return new FileSharedSecrets(config.dataDir());
        }
        return (name, mint) -> {
            try (StoreBackend b = open(config)) {
                return b.secrets().getOrCreate(name, mint);
            }
        };
    }

    ApiKeyStore keys();

    SharedSecrets secrets();

    NodeDirectory nodes();

    EndpointStore endpoints(SecretCipher cipher);

    DeliveryStore deliveries();

    /**
     * The event log. Webhook deliveries are written in each event's transaction: from {@code registry} (the
     * embedded store, which only this node writes) or from the endpoints table itself (a shared store, where
     * another node may just have changed them); either way {@code registry} is told after a commit that wrote
     * deliveries, so the dispatcher wakes.
     */
    EventStore events(EndpointRegistry registry);

    /** True when other nodes share this store (leases and caches must then expect other writers). */
    boolean shared();

    @Override
    void close();
}
