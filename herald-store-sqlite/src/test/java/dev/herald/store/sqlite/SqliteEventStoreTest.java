package dev.herald.store.sqlite;

import dev.herald.core.store.EventStore;
import dev.herald.core.store.EventStoreContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteEventStoreTest extends EventStoreContract {
    @TempDir
    Path dir;

    @Override
    protected EventStore newStore() {
        return new SqliteEventStore(new SqliteDatabase(dir));
    }

    @Override
    protected EventStore reopen() {
        store.close();
        return newStore();
    }

    /** Several processes may open herald.db (the server and the CLI); a second store stands in for one. */
    @Override
    protected EventStore anotherInstance() {
        return newStore();
    }
}
