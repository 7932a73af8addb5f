package dev.herald.store.postgres;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.herald.core.store.EventStore;
import dev.herald.core.store.EventStoreContract;

class PostgresEventStoreTest extends EventStoreContract {
    @RegisterExtension
    static final PgTestData data = new PgTestData();

    @Override
    protected EventStore newStore() throws Exception {
        return new PostgresEventStore(data.fresh());
    }

    @Override
    protected EventStore reopen() {
        store.close();
        return new PostgresEventStore(data.node());
    }

    @Override
    protected EventStore anotherInstance() {
        return new PostgresEventStore(data.node());
    }
}
