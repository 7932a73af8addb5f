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
import dev.herald.server.cluster.LocalNodeDirectory;
import dev.herald.store.sqlite.SqliteApiKeyStore;
import dev.herald.store.sqlite.SqliteDatabase;
import dev.herald.store.sqlite.SqliteDeliveryStore;
import dev.herald.store.sqlite.SqliteEndpointStore;
import dev.herald.store.sqlite.SqliteEventStore;
import dev.herald.store.sqlite.WalCheckpointer;

import java.nio.file.Path;

/** The embedded store: {@code data_dir/herald.db} (SQLite, WAL), secrets as files beside it, one node. */
final class SqliteBackend implements StoreBackend {
    private final SqliteDatabase db;
    private final Path dataDir;
    /** Copies the WAL into herald.db beside the writers, not inside their commits. */
    private final WalCheckpointer checkpoints;
    private final LocalNodeDirectory nodes = new LocalNodeDirectory();
    private SqliteEndpointStore endpoints;
    private SqliteDeliveryStore deliveries;

    SqliteBackend(Path dataDir) {
        this.dataDir = dataDir;
        this.db = new SqliteDatabase(dataDir);
        this.checkpoints = db.checkpointInBackground();
    }

    @Override
    public ApiKeyStore keys() {
        return new SqliteApiKeyStore(db);
    }

    @Override
    public SharedSecrets secrets() {
        return new FileSharedSecrets(dataDir);
    }

    @Override
    public NodeDirectory nodes() {
        return nodes;
    }

    @Override
    public EndpointStore endpoints(SecretCipher cipher) {
        endpoints = new SqliteEndpointStore(db, cipher);
        return endpoints;
    }

    @Override
    public DeliveryStore deliveries() {
        deliveries = new SqliteDeliveryStore(db);
        return deliveries;
    }

    @Override
    public EventStore events(EndpointRegistry registry) {
        return new SqliteEventStore(db, registry);
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public void close() {
        if (endpoints != null) {
            endpoints.close();
        }
        if (deliveries != null) {
            deliveries.close();
        }
        checkpoints.close();
    }
}
