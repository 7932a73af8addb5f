package dev.herald.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class UlidTest {

    @Test
    void idsMintedInOneMillisecondSortInTheOrderTheyWereMinted() {
        long now = System.currentTimeMillis() + 60_000;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ulid.next(now));
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(ids).allSatisfy(id -> assertThat(id).hasSize(26).startsWith(ids.get(0).substring(0, 10)));
    }

    @Test
    void aClockThatStepsBackNeverMakesAnIdSortBeforeAnEarlierOne() {
        String late = Ulid.next(System.currentTimeMillis() + 120_000);
        String afterStepBack = Ulid.next(System.currentTimeMillis());
        assertThat(afterStepBack).isGreaterThan(late);
    }

    @Test
    void idsFromManyThreadsAreUniqueAndEachThreadSeesItsOwnInIncreasingOrder() throws Exception {
        ConcurrentLinkedQueue<String> all = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        List<List<String>> perThread = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            List<String> mine = new ArrayList<>();
            perThread.add(mine);
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    String id = Ulid.next();
                    mine.add(id);
                    all.add(id);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(all).doesNotHaveDuplicates().hasSize(20_000);
        perThread.forEach(ids -> assertThat(ids).isSorted());
    }
}
