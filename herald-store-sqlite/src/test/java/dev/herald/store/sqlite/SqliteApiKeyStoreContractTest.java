package dev.herald.store.sqlite;

import dev.herald.core.store.ApiKeyStore;
import dev.herald.core.store.ApiKeyStoreContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteApiKeyStoreContractTest extends ApiKeyStoreContract {
    @TempDir
    Path dir;

    @Override
    protected ApiKeyStore newStore() {
        return new SqliteApiKeyStore(new SqliteDatabase(dir));
    }

    @Override
    protected ApiKeyStore anotherInstance() {
        return newStore();
    }
}
