import dev.herald.core.event.*;
import dev.herald.core.hub.Frame;
import dev.herald.core.store.AppendResult;
import dev.herald.store.sqlite.*;
import java.lang.management.*;
import java.nio.file.*;
import java.time.Instant;
import java.util.*;
import java.util.concurrent.*;

/** The event store writer thread's CPU per event: appends of B events, 4 in flight, to a fresh SQLite store; with "noframes" the commit listener does nothing, else it builds each frame as Herald does. Run it against two builds' jars to compare them: bench/store/cpu.sh. */
public class WriterCpu {
    public static void main(String[] a) throws Exception {
        int batch = Integer.parseInt(a[0]), total = Integer.parseInt(a[1]);
        Path dir = Files.createTempDirectory("wb");
        SqliteEventStore store = new SqliteEventStore(new SqliteDatabase(dir));
        if (a.length < 3) store.onCommitted(events -> { for (Event e : events) Frame.of(e); });
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long writerId = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("herald-store-writer")).findFirst().get().getId();
        int round = 0;
        for (int phase = 0; phase < 2; phase++) { // warm-up, then measured
            long c0 = mx.getThreadCpuTime(writerId), t0 = System.nanoTime();
            Semaphore inflight = new Semaphore(4);
            for (int sent = 0; sent < total; sent += batch) {
                List<NewEvent> evs = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    evs.add(new NewEvent("evt_" + phase + "_" + (sent + i), "bench.tick", "u" + (i % 10000), null, null,
                            Instant.now(), "{\"bench_ns\":" + System.nanoTime() + ",\"pad\":\"\"}"));
                }
                inflight.acquire();
                store.append("t1", evs).whenComplete((r, e) -> inflight.release());
            }
            inflight.acquire(4);
            double us = (mx.getThreadCpuTime(writerId) - c0) / 1e3 / total;
            if (phase == 1) System.out.printf("batch %d: writer %.2f us CPU/event, %.0f events/s wall%n", batch, us, total / ((System.nanoTime() - t0) / 1e9));
        }
        store.close();
    }
}
