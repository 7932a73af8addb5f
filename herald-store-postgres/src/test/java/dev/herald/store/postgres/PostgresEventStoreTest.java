package dev.herald.store.postgres;

import dev.herald.core.store.EventStore;
import dev.herald.core.store.EventStoreContract;
import dev.herald.testkit.PostgresProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

class PostgresEventStoreTest extends EventStoreContract {
    private static String url;
    private static final List<PostgresDatabase> opened = new ArrayList<>();

    @BeforeAll
    static void database() {
        url = PostgresProcess.shared().createDatabase();
    }

    @AfterAll
    static void closeDatabases() {
        opened.forEach(PostgresDatabase::close);
    }

    /** Each store its own pool, as on its own node; the tables are emptied so every test starts fresh. */
    private static EventStore open() {
        PostgresDatabase db = new PostgresDatabase(url, Duration.ofSeconds(5), 4);
        opened.add(db);
        return new PostgresEventStore(db);
    }

    @Override
    protected EventStore newStore() throws Exception {
        PgTestData.truncateAll(url);
        return open();
    }

    @Override
    protected EventStore reopen() {
        store.close();
        return open();
    }

    @Override
    protected EventStore anotherInstance() {
        return open();
    }
}
