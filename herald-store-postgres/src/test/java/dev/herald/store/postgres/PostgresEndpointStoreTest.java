package dev.herald.store.postgres;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.herald.core.webhook.EndpointStore;
import dev.herald.core.webhook.EndpointStoreContract;

class PostgresEndpointStoreTest extends EndpointStoreContract {
    @RegisterExtension
    static final PgTestData data = new PgTestData();

    @Override
    protected EndpointStore newStore() throws Exception {
        return new PostgresEndpointStore(data.fresh(), PgTestData.CIPHER);
    }

    @Override
    protected EndpointStore anotherInstance() {
        return new PostgresEndpointStore(data.node(), PgTestData.CIPHER);
    }
}
