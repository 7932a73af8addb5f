package dev.herald.store.postgres;

import dev.herald.core.store.EventStore;
import dev.herald.core.store.Outbox;
import dev.herald.core.webhook.DeliveryStore;
import dev.herald.core.webhook.DeliveryStoreContract;
import dev.herald.core.webhook.EndpointStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDeliveryStoreTest extends DeliveryStoreContract {
    @RegisterExtension
    static final PgTestData data = new PgTestData();
    private PostgresDatabase db;

    @Override
    protected void freshData() throws Exception {
        db = data.fresh();
    }

    @Override
    protected EndpointStore endpointStore() {
        return new PostgresEndpointStore(db, PgTestData.CIPHER);
    }

    @Override
    protected DeliveryStore deliveryStore() {
        return new PostgresDeliveryStore(data.node());
    }

    /** The PostgreSQL store reads the endpoints in the append's own transaction; it needs no outbox. */
    @Override
    protected EventStore eventStore(Outbox outbox) {
        return new PostgresEventStore(db);
    }
}
