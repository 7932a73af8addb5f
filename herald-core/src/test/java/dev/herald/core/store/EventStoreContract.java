package dev.herald.core.store;

import dev.herald.core.event.Event;
import dev.herald.core.event.NewEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link EventStore} guarantees. An implementation's test extends this and supplies a fresh
 * store; {@link #reopen()} must give a store over the same durable data.
 */
public abstract class EventStoreContract {
    protected EventStore store;

    protected abstract EventStore newStore() throws Exception;

    /** Closes the current store and opens another on the same data. */
    protected abstract EventStore reopen() throws Exception;

    /**
     * Another store open at the same time on the same data (another node or process), or null when the
     * implementation supports only one; the multi-instance tests are then skipped. The test closes it.
     */
    protected EventStore anotherInstance() throws Exception {
        return null;
    }

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static NewEvent event(String id, String type) {
        return new NewEvent(id, type, null, null, null, Instant.parse("2026-01-01T00:00:00Z"), "{\"id\":\"" + id + "\"}");
    }

    private List<AppendResult> append(String tenant, NewEvent... events) throws Exception {
        return store.append(tenant, List.of(events)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void seqsStartAtOneAndIncreaseWithoutGapsPerTenant() throws Exception {
        assertThat(append("a", event("e1", "x"), event("e2", "x"))).extracting(AppendResult::seq).containsExactly(1L, 2L);
        assertThat(append("b", event("e1", "x"))).extracting(AppendResult::seq).containsExactly(1L);
        assertThat(append("a", event("e3", "x"))).extracting(AppendResult::seq).containsExactly(3L);
    }

    @Test
    void aRepeatedIdIsADuplicateWithItsOriginalSeq() throws Exception {
        append("a", event("same", "x"));
        append("a", event("other", "x"));
        List<AppendResult> again = append("a", event("same", "y"), event("new", "x"));
        assertThat(again.get(0)).isEqualTo(new AppendResult("same", 1, true));
        assertThat(again.get(1)).isEqualTo(new AppendResult("new", 3, false));
        assertThat(append("b", event("same", "x")).get(0).duplicate()).as("ids are per tenant").isFalse();
    }

    @Test
    void duplicatesInsideALargeBatchTakeNoSeqAndARetriedBatchIsAllDuplicates() throws Exception {
        append("a", event("early", "x"));
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < 45; i++) { // more than one multi-row chunk, with a repeat inside and one from before
            batch.add(event(i == 20 ? "b3" : i == 37 ? "early" : "b" + i, "x"));
        }
        List<AppendResult> first = store.append("a", batch).get(10, TimeUnit.SECONDS);
        assertThat(first.get(20)).isEqualTo(new AppendResult("b3", 5, true));
        assertThat(first.get(37)).isEqualTo(new AppendResult("early", 1, true));
        assertThat(first.stream().filter(r -> !r.duplicate()).map(AppendResult::seq))
                .as("the 43 new events take seqs 2..44 in order, without gaps").containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(2, 44).boxed().toList());
        List<AppendResult> retry = store.append("a", batch).get(10, TimeUnit.SECONDS);
        assertThat(retry).allMatch(AppendResult::duplicate);
        assertThat(retry).extracting(AppendResult::seq).isEqualTo(first.stream().map(AppendResult::seq).toList());
        assertThat(append("a", event("after", "x")).get(0).seq()).isEqualTo(45);
        assertThat(store.readAfter("a", 0, 100)).extracting(Event::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 45).boxed().toList());
    }

    @Test
    void theListenerSeesNewEventsInSeqOrderBeforeTheAppendCompletes() throws Exception {
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        store.onCommitted(events -> events.forEach(e -> seen.add(e.seq())));
        List<CompletableFuture<List<AppendResult>>> pending = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pending.add(store.append("t", List.of(event("c" + i, "x"))));
        }
        CompletableFuture<List<AppendResult>> last = pending.get(pending.size() - 1);
        long lastSeq = last.get(10, TimeUnit.SECONDS).get(0).seq();
        assertThat(seen).contains(lastSeq);
        assertThat(seen).isSorted().hasSize(200);
        append("t", event("c0", "x"));
        assertThat(seen).as("duplicates are not announced").hasSize(200);
    }

    @Test
    void readAfterReturnsEventsInOrderWithTheirFields() throws Exception {
        store.append("t", List.of(new NewEvent("r1", "signal.detected", "u1", "signal", "sig_1",
                Instant.parse("2026-04-07T14:31:00Z"), "{\"k\":1}"), event("r2", "y"))).get(10, TimeUnit.SECONDS);
        List<Event> events = store.readAfter("t", 0, 10);
        assertThat(events).extracting(Event::id).containsExactly("r1", "r2");
        Event first = events.get(0);
        assertThat(first.user()).isEqualTo("u1");
        assertThat(first.resourceType()).isEqualTo("signal");
        assertThat(first.resourceId()).isEqualTo("sig_1");
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2026-04-07T14:31:00Z"));
        assertThat(first.dataJson()).isEqualTo("{\"k\":1}");
        assertThat(store.readAfter("t", 1, 10)).extracting(Event::id).containsExactly("r2");
        assertThat(store.readAfter("t", 0, 1)).hasSize(1);
    }

    @Test
    void acceptedEventsAndSeqsSurviveReopening() throws Exception {
        append("t", event("d1", "x"), event("d2", "x"));
        store = reopen();
        assertThat(store.readAfter("t", 0, 10)).extracting(Event::id).containsExactly("d1", "d2");
        assertThat(append("t", event("d3", "x")).get(0).seq()).isEqualTo(3);
        assertThat(append("t", event("d1", "x")).get(0).duplicate()).isTrue();
    }

    @Test
    void recentGivesTheNewestEventsOfEachTenant() throws Exception {
        for (int i = 0; i < 5; i++) {
            append("a", event("a" + i, "x"));
            append("b", event("b" + i, "x"));
        }
        List<Event> recent = store.recent(Instant.now().minusSeconds(60), 2);
        assertThat(recent).extracting(e -> e.tenant() + e.seq()).containsExactly("a4", "a5", "b4", "b5");
    }

    @Test
    void lastSeqsGivesTheNewestSeqOfEveryTenant() throws Exception {
        assertThat(store.lastSeqs()).isEmpty();
        append("a", event("l1", "x"), event("l2", "x"));
        append("b", event("l1", "x"));
        assertThat(store.lastSeqs()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("a", 2L, "b", 1L));
        assertThat(store.healthy()).isTrue();
    }

    @Test
    void theSameIdAppendedThroughTwoInstancesAtOnceIsAcceptedOnce() throws Exception {
        EventStore other = anotherInstance();
        Assumptions.assumeTrue(other != null, "the store supports one instance only");
        try {
            append("t", event("warm", "x"));
            for (int round = 0; round < 20; round++) {
                String id = "race" + round;
                CompletableFuture<List<AppendResult>> a = store.append("t", List.of(event(id, "x")));
                CompletableFuture<List<AppendResult>> b = other.append("t", List.of(event(id, "x")));
                AppendResult ra = a.get(10, TimeUnit.SECONDS).get(0);
                AppendResult rb = b.get(10, TimeUnit.SECONDS).get(0);
                assertThat(List.of(ra.duplicate(), rb.duplicate())).as("round %d", round).containsExactlyInAnyOrder(true, false);
                assertThat(ra.seq()).as("both answers carry the one seq").isEqualTo(rb.seq());
            }
            assertThat(store.readAfter("t", 0, 100)).extracting(Event::seq)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 21).boxed().toList());
        } finally {
            other.close();
        }
    }

    @Test
    void threeInstancesAppendingAtOnceGiveOneGapFreeSequence() throws Exception {
        EventStore second = anotherInstance();
        Assumptions.assumeTrue(second != null, "the store supports one instance only");
        EventStore third = anotherInstance();
        try {
            List<EventStore> instances = List.of(store, second, third);
            List<CompletableFuture<List<AppendResult>>> pending = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                for (int n = 0; n < instances.size(); n++) {
                    pending.add(instances.get(n).append("t", List.of(event("n" + n + "_" + i, "x"))));
                }
            }
            List<Long> seqs = new ArrayList<>();
            for (CompletableFuture<List<AppendResult>> f : pending) {
                AppendResult r = f.get(30, TimeUnit.SECONDS).get(0);
                assertThat(r.duplicate()).isFalse();
                seqs.add(r.seq());
            }
            assertThat(seqs).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, 300).boxed().toList());
            assertThat(store.readAfter("t", 0, 1000)).hasSize(300);
            assertThat(third.lastSeqs()).containsEntry("t", 300L);
        } finally {
            second.close();
            third.close();
        }
    }

    @Test
    void pruneDeletesOnlyOlderEvents() throws Exception {
        append("t", event("p1", "x"));
        assertThat(store.prune(Instant.now().minusSeconds(3600))).isZero();
        assertThat(store.prune(Instant.now().plusSeconds(1))).isEqualTo(1);
        assertThat(store.readAfter("t", 0, 10)).isEmpty();
    }

    @Test
    void findReturnsOneEventOfItsTenantByIdAndNothingForAnotherTenant() throws Exception {
        append("a", event("f1", "x"), event("f2", "y"));
        Event found = store.find("a", "f2").orElseThrow();
        assertThat(found.seq()).isEqualTo(2);
        assertThat(found.type()).isEqualTo("y");
        assertThat(found.tenant()).isEqualTo("a");
        assertThat(found.dataJson()).isEqualTo("{\"id\":\"f2\"}");
        assertThat(store.find("b", "f2")).isEmpty();
        assertThat(store.find("a", "missing")).isEmpty();
    }

    @Test
    void pruneBatchDeletesAtMostMaxOlderEventsPerCall() throws Exception {
        append("t", event("b1", "x"), event("b2", "x"), event("b3", "x"), event("b4", "x"), event("b5", "x"));
        assertThat(store.pruneBatch(Instant.now().minusSeconds(3600), 10).rows()).isZero();
        Instant later = Instant.now().plusSeconds(1);
        assertThat(store.pruneBatch(later, 2).rows()).isEqualTo(2);
        assertThat(store.pruneBatch(later, 2).rows()).isEqualTo(2);
        PruneBatch last = store.pruneBatch(later, 2);
        assertThat(last.rows()).isEqualTo(1);
        assertThat(last.held()).isPositive();
        assertThat(store.pruneBatch(later, 2).rows()).isZero();
        assertThat(store.readAfter("t", 0, 10)).isEmpty();
    }

    @Test
    void aTenantsSeqContinuesAfterAllItsEventsArePrunedAndTheStoreReopens() throws Exception {
        append("t", event("s1", "x"), event("s2", "x"), event("s3", "x"));
        assertThat(store.prune(Instant.now().plusSeconds(1))).isEqualTo(3);
        store = reopen();
        assertThat(store.lastSeqs()).containsEntry("t", 3L);
        assertThat(append("t", event("s4", "x"))).extracting(AppendResult::seq).containsExactly(4L);
        assertThat(append("u", event("s1", "x"))).extracting(AppendResult::seq).containsExactly(1L);
    }
}
