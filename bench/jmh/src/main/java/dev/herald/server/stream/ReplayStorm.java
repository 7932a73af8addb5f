package dev.herald.server.stream;

import dev.herald.core.event.Event;
import dev.herald.core.event.NewEvent;
import dev.herald.core.history.History;
import dev.herald.core.history.Recovery;
import dev.herald.store.sqlite.SqliteDatabase;
import dev.herald.store.sqlite.SqliteEventStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A restarted node's replays, without the network: {@code EVENTS} events of one tenant in a real SQLite store,
 * history holding only the last {@code HISTORY} (the clients' since fell out of it), then {@code CLIENTS} replays
 * (RecoverySource.since, as a reconnecting client asks) whose {@code since} are spread over the last {@code GAP}
 * seqs, all issued at once from one event loop. Prints wall time and process CPU until every replay completed.
 * {@code java -cp … dev.herald.server.stream.ReplayStorm [clients] [events] [gap] [history]}.
 */
public final class ReplayStorm {
    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int gap = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        int historySize = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Path dir = Files.createTempDirectory("replay-storm");
        SqliteEventStore store = new SqliteEventStore(new SqliteDatabase(dir));
        for (int i = 0; i < events; i += 100) {
            List<NewEvent> batch = new ArrayList<>();
            for (int j = i; j < i + 100; j++) {
                batch.add(new NewEvent("evt_" + j, "order.updated", "u" + (j % clients), null, null, Instant.now(),
                        "{\"n\":" + j + ",\"note\":\"a payload of some size, like an application's\"}"));
            }
            store.append("default", batch).get();
        }
        History history = new History(historySize, Duration.ofHours(1), Clock.systemUTC());
        long last = events;
        for (Event e : store.readAfter("default", last - historySize, historySize)) {
            history.append(dev.herald.core.hub.Frame.of(e));
        }
        RecoverySource source = new RecoverySource(history, store, t -> last);
        Vertx vertx = Vertx.vertx();
        var bean = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 1; round <= 3; round++) {
            CompletableFuture<long[]> done = new CompletableFuture<>();
            long cpu0 = bean.getProcessCpuTime();
            long t0 = System.nanoTime();
            vertx.runOnContext(v -> {
                List<Future<Recovery>> all = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    long since = last - gap + (long) c * gap / clients; // nearby sinces, spread over the gap
                    all.add(source.since(Vertx.currentContext(), "default", since));
                }
                Future.all(all).onComplete(ar -> {
                    long frames = 0;
                    for (Future<Recovery> f : all) {
                        frames += f.result().events().size();
                    }
                    done.complete(new long[] {frames, ar.succeeded() ? 1 : 0});
                });
            });
            long[] r = done.get();
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (bean.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf("round %d: %d replays (since spread over the last %d of %d events, history %d) in %.2f s, "
                    + "process CPU %.2f s, %d frames handed out, ok=%d%n", round, clients, gap, events, historySize,
                    wall, cpu, r[0], r[1]);
        }
        vertx.close();
        store.close();
    }
}
