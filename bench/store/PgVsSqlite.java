// Durable append throughput, PostgreSQL store vs embedded SQLite store, same workloads as GroupCommit:
// single-event appends with 1/16/256 in flight, and batches of 100. PostgreSQL is a throwaway local cluster
// (herald-testkit's PostgresProcess, fsync on, synchronous_commit on). Run: bench/store/pg.sh
import dev.herald.core.event.NewEvent;
import dev.herald.core.store.EventStore;
import dev.herald.store.postgres.*;
import dev.herald.store.sqlite.*;
import dev.herald.testkit.PostgresProcess;
import java.nio.file.*;
import java.time.Duration;
import java.time.Instant;
import java.util.*;
import java.util.concurrent.*;
import java.util.function.Supplier;

public class PgVsSqlite {
    public static void main(String[] a) throws Exception {
        PostgresProcess pg = PostgresProcess.shared();
        List<PostgresDatabase> pools = new ArrayList<>();
        Map<String, Supplier<EventStore>> stores = new LinkedHashMap<>();
        stores.put("sqlite", () -> {
            try {
                return new SqliteEventStore(new SqliteDatabase(Files.createTempDirectory("bench")));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        stores.put("postgres", () -> {
            PostgresDatabase db = new PostgresDatabase(pg.createDatabase(), Duration.ofSeconds(5));
            pools.add(db);
            return new PostgresEventStore(db);
        });
        for (int round = 0; round < 2; round++) {
            for (var s : stores.entrySet()) {
                for (int inflight : new int[] {1, 16, 256}) {
                    EventStore store = s.getValue().get();
                    int n = inflight == 1 ? 300 : 5000;
                    Semaphore sem = new Semaphore(inflight);
                    long t0 = System.nanoTime();
                    List<CompletableFuture<?>> fs = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        sem.acquire();
                        var f = store.append("t", List.of(new NewEvent("e" + i, "x", null, null, null, Instant.now(), "{\"n\":1}")));
                        f.whenComplete((r, e) -> sem.release());
                        fs.add(f);
                    }
                    CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).get();
                    System.out.printf("%-8s in-flight %4d: %7.0f events/s (single-event appends)%n", s.getKey(), inflight,
                            n / ((System.nanoTime() - t0) / 1e9));
                    store.close();
                }
                EventStore store = s.getValue().get();
                long t0 = System.nanoTime();
                List<CompletableFuture<?>> fs = new ArrayList<>();
                for (int b = 0; b < 500; b++) {
                    List<NewEvent> batch = new ArrayList<>();
                    for (int i = 0; i < 100; i++) batch.add(new NewEvent("b" + b + "_" + i, "x", null, null, null, Instant.now(), "{\"n\":1}"));
                    fs.add(store.append("t", batch));
                }
                CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).get();
                System.out.printf("%-8s batches of 100: %7.0f events/s%n", s.getKey(), 50000 / ((System.nanoTime() - t0) / 1e9));
                store.close();
            }
        }
        pools.forEach(PostgresDatabase::close);
    }
}
