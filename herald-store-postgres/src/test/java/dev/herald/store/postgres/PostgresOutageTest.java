package dev.herald.store.postgres;

import dev.herald.core.event.NewEvent;
import dev.herald.core.store.AppendResult;
import dev.herald.core.store.StoreUnavailableException;
import dev.herald.testkit.PostgresProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A database of its own: stopping it must not disturb the other test classes on the shared one. */
class PostgresOutageTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SLACK = Duration.ofSeconds(3);
    private static PostgresProcess pg;

    @BeforeAll
    static void startDatabase() {
        pg = PostgresProcess.create();
        pg.start();
    }

    @AfterAll
    static void removeDatabase() {
        pg.destroy();
    }

    private static NewEvent event(String id) {
        return new NewEvent(id, "x", null, null, null, Instant.now(), "{}");
    }

    @Test
    void appendsFailWithinTheTimeoutWhileTheDatabaseIsDownAndWorkAgainSoonAfterItReturns() throws Exception {
        String url = pg.createDatabase();
        try (PostgresDatabase db = new PostgresDatabase(url, TIMEOUT, 4); PostgresEventStore store = new PostgresEventStore(db)) {
            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                store.append("t", List.of(event("before" + i))).get(10, TimeUnit.SECONDS);
                acknowledged.add("before" + i);
            }

            pg.stop();
            long start = System.nanoTime();
            CompletableFuture<List<AppendResult>> during = store.append("t", List.of(event("during")));
            assertThatThrownBy(() -> during.get(TIMEOUT.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plus(SLACK));
            assertThat(store.healthy()).isFalse();

            long fastStart = System.nanoTime();
            CompletableFuture<List<AppendResult>> queued = store.append("t", List.of(event("queued")));
            assertThatThrownBy(() -> queued.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .hasCauseInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - fastStart)).as("fails fast").isLessThan(Duration.ofSeconds(1));
            assertThatThrownBy(() -> store.readAfter("t", 0, 10)).isInstanceOf(StoreUnavailableException.class);

            pg.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            AppendResult after = null;
            while (after == null) {
                try {
                    after = store.append("t", List.of(event("after"))).get(TIMEOUT.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS).get(0);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(StoreUnavailableException.class);
                    assertThat(System.nanoTime()).as("appends work again within seconds").isLessThan(deadline);
                    Thread.sleep(50); // polling interval
                }
            }
            assertThat(store.healthy()).isTrue();
            List<String> stored = store.readAfter("t", 0, 100).stream().map(dev.herald.core.event.Event::id).toList();
            assertThat(stored).containsSubsequence(acknowledged).contains("after");
            assertThat(stored.size()).as("seqs stay gap-free").isEqualTo((int) after.seq());
        }
    }
}
