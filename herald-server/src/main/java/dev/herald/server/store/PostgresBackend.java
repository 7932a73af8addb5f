package dev.herald.server.store;

import dev.herald.core.store.ApiKeyStore;
import dev.herald.core.store.EventStore;
import dev.herald.core.store.NodeDirectory;
import dev.herald.core.store.SharedSecrets;
import dev.herald.core.webhook.DeliveryStore;
import dev.herald.core.webhook.EndpointRegistry;
import dev.herald.core.webhook.EndpointStore;
import dev.herald.core.webhook.SecretCipher;
import dev.herald.server.config.HeraldConfig;
import dev.herald.store.postgres.PostgresApiKeyStore;
import dev.herald.store.postgres.PostgresDatabase;
import dev.herald.store.postgres.PostgresDeliveryStore;
import dev.herald.store.postgres.PostgresEndpointStore;
import dev.herald.store.postgres.PostgresEventStore;
import dev.herald.store.postgres.PostgresNodeDirectory;
import dev.herald.store.postgres.PostgresSharedSecrets;

/** The cluster store: one PostgreSQL database ({@code postgres.url}) shared by every node; one pool per node. */
final class PostgresBackend implements StoreBackend {
    private final PostgresDatabase db;

    PostgresBackend(HeraldConfig config) {
        this.db = new PostgresDatabase(config.cluster().postgresUrl(), config.cluster().storeTimeout());
    }

    @Override
    public ApiKeyStore keys() {
        return new PostgresApiKeyStore(db);
    }

    @Override
    public SharedSecrets secrets() {
        return new PostgresSharedSecrets(db);
    }

    @Override
    public NodeDirectory nodes() {
        return new PostgresNodeDirectory(db);
    }

    @Override
    public EndpointStore endpoints(SecretCipher cipher) {
        return new PostgresEndpointStore(db, cipher);
    }

    @Override
    public DeliveryStore deliveries() {
        return new PostgresDeliveryStore(db);
    }

    @Override
    public EventStore events(EndpointRegistry registry) {
        PostgresEventStore store = new PostgresEventStore(db);
        store.onDeliveriesCommitted(() -> registry.committed(1));
        return store;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void close() {
        db.close();
    }
}
