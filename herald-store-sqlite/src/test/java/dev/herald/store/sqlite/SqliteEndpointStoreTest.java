package dev.herald.store.sqlite;

import dev.herald.core.webhook.EndpointStore;
import dev.herald.core.webhook.EndpointStoreContract;
import dev.herald.core.webhook.SecretCipher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class SqliteEndpointStoreTest extends EndpointStoreContract {
    static final SecretCipher CIPHER = new SecretCipher(new byte[SecretCipher.KEY_BYTES]);

    @TempDir
    Path dir;
    private final List<SqliteEndpointStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(SqliteEndpointStore::close);
    }

    @Override
    protected EndpointStore newStore() {
        SqliteEndpointStore s = new SqliteEndpointStore(new SqliteDatabase(dir), CIPHER);
        opened.add(s);
        return s;
    }

    @Override
    protected EndpointStore anotherInstance() {
        return newStore();
    }
}
