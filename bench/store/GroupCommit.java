// Measures the embedded store alone: single-event appends with 1/16/256 in flight, and batches of 100.
// Run: bench/store/run.sh (after mvn -DskipTests install)
import dev.herald.core.event.NewEvent;
import dev.herald.store.sqlite.*;
import java.nio.file.*;
import java.time.Instant;
import java.util.*;
import java.util.concurrent.*;

public class GroupCommit {
    public static void main(String[] a) throws Exception {
        for (int round = 0; round < 2; round++) {
            for (int inflight : new int[] {1, 16, 256}) {
                Path dir = Files.createTempDirectory("gc");
                SqliteEventStore store = new SqliteEventStore(new SqliteDatabase(dir));
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
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("in-flight %4d: %7.0f events/s (single-event appends)%n", inflight, n / s);
                store.close();
            }
            Path dir = Files.createTempDirectory("gc");
            SqliteEventStore store = new SqliteEventStore(new SqliteDatabase(dir));
            long t0 = System.nanoTime();
            List<CompletableFuture<?>> fs = new ArrayList<>();
            for (int b = 0; b < 500; b++) {
                List<NewEvent> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) batch.add(new NewEvent("b" + b + "_" + i, "x", null, null, null, Instant.now(), "{\"n\":1}"));
                fs.add(store.append("t", batch));
            }
            CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).get();
            System.out.printf("batches of 100: %7.0f events/s%n", 50000 / ((System.nanoTime() - t0) / 1e9));
            store.close();
        }
    }
}
