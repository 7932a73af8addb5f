package dev.herald.store.postgres;

import dev.herald.core.webhook.EndpointStore;
import dev.herald.core.webhook.EndpointStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresEndpointStoreTest extends EndpointStoreContract {
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
    protected EndpointStore newStore() throws Exception {
        return new PostgresEndpointStore(data.fresh(), PgTestData.CIPHER);
    }

    @Override
    protected EndpointStore anotherInstance() {
        return new PostgresEndpointStore(data.node(), PgTestData.CIPHER);
    }
}
