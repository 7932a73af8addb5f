package dev.herald.store.postgres;

import dev.herald.core.store.EventStore;
import dev.herald.core.store.EventStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresEventStoreTest extends EventStoreContract {
    private static PgTestData data;

    @BeforeAll
    static void database() {
        data = new PgTestData();
    }

    @AfterAll
    static void closeDatabase() {
        data.close();
    }

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
