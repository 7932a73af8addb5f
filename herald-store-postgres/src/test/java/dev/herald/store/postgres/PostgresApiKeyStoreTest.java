package dev.herald.store.postgres;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.herald.core.store.ApiKeyStore;
import dev.herald.core.store.ApiKeyStoreContract;

class PostgresApiKeyStoreTest extends ApiKeyStoreContract {
    @RegisterExtension
    static final PgTestData data = new PgTestData();

    @Override
    protected ApiKeyStore newStore() throws Exception {
        return new PostgresApiKeyStore(data.fresh());
    }

    @Override
    protected ApiKeyStore anotherInstance() {
        return new PostgresApiKeyStore(data.node());
    }
}
