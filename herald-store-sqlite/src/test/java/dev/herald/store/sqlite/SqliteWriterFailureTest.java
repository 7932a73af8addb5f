package dev.herald.store.sqlite;

import dev.herald.core.event.NewEvent;
import dev.herald.core.store.AppendResult;
import dev.herald.core.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #13 item 8: when the writer dies, what it would have written fails — queued or new — and health says so. */
class SqliteWriterFailureTest {
    @TempDir
    Path dir;

    @Test
    void appendsQueuedWhenTheWriterDiesFailAndLaterOnesFailFast() throws Exception {
        SqliteDatabase db = new SqliteDatabase(dir);
        SqliteEventStore store = new SqliteEventStore(db);
        try {
            store.append("t", List.of(event("evt_1"))).get(10, TimeUnit.SECONDS);
            assertThat(store.healthy()).isTrue();
            CompletableFuture<List<AppendResult>> inHand;
            CompletableFuture<List<AppendResult>> queued;
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
                 Statement st = other.createStatement()) {
                st.execute("BEGIN IMMEDIATE"); // the writer waits for the lock with its group in hand
                inHand = store.append("t", List.of(event("evt_2")));
                Thread writer = awaitWriterInSqlite();
                queued = store.append("t", List.of(event("evt_3")));
                writer.interrupt(); // the writer dies once it is back in its loop
                st.execute("ROLLBACK");
            }
            assertThat(inHand.get(10, TimeUnit.SECONDS).get(0).seq()).isEqualTo(2); // committed before it died
            assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
            assertThat(store.healthy()).isFalse();
            CompletableFuture<List<AppendResult>> later = store.append("t", List.of(event("evt_4")));
            assertThat(later).isCompletedExceptionally();
            assertThatThrownBy(later::join).hasCauseInstanceOf(StoreUnavailableException.class);
        } finally {
            store.close();
        }
    }

    /** The store's writer once it is inside SQLite's busy wait (this test's is the only one waiting for that lock). */
    private static Thread awaitWriterInSqlite() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (java.util.Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
                if (t.getKey().getName().equals("herald-store-writer")
                        && java.util.Arrays.stream(t.getValue()).anyMatch(f -> f.getClassName().startsWith("org.sqlite"))) {
                    return t.getKey();
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the writer never reached SQLite");
    }

    private static NewEvent event(String id) {
        return new NewEvent(id, "x", null, null, null, Instant.now(), "{}");
    }
}
