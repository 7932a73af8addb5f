package dev.herald.store.postgres;

import dev.herald.core.store.ApiKeyStore;
import dev.herald.core.store.ApiKeyStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresApiKeyStoreTest extends ApiKeyStoreContract {
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
    protected ApiKeyStore newStore() throws Exception {
        return new PostgresApiKeyStore(data.fresh());
    }

    @Override
    protected ApiKeyStore anotherInstance() {
        return new PostgresApiKeyStore(data.node());
    }
}
