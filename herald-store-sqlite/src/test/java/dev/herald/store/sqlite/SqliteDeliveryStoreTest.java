package dev.herald.store.sqlite;

import dev.herald.core.store.EventStore;
import dev.herald.core.store.Outbox;
import dev.herald.core.webhook.DeliveryStore;
import dev.herald.core.webhook.DeliveryStoreContract;
import dev.herald.core.webhook.EndpointStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** "Another node" is another connection to the same file, as the server and the CLI have. */
class SqliteDeliveryStoreTest extends DeliveryStoreContract {
    @TempDir
    Path dir;
    private final List<Runnable> toClose = new ArrayList<>();

    @AfterEach
    void closeStores() {
        toClose.forEach(Runnable::run);
    }

    @Override
    protected void freshData() {
        // every test has its own temp directory
    }

    @Override
    protected EndpointStore endpointStore() {
        SqliteEndpointStore s = new SqliteEndpointStore(new SqliteDatabase(dir), SqliteEndpointStoreTest.CIPHER);
        toClose.add(s::close);
        return s;
    }

    @Override
    protected DeliveryStore deliveryStore() {
        SqliteDeliveryStore s = new SqliteDeliveryStore(new SqliteDatabase(dir));
        toClose.add(s::close);
        return s;
    }

    @Override
    protected EventStore eventStore(Outbox outbox) {
        return new SqliteEventStore(new SqliteDatabase(dir), outbox);
    }
}
