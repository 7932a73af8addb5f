package dev.herald.core.sequence;

import dev.herald.core.event.Event;
import dev.herald.core.hub.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TenantSequencerTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    /** The durable log the sequencer fills gaps from: tenant → seq → event. */
    private final Map<String, ConcurrentSkipListMap<Long, Event>> store = new ConcurrentHashMap<>();
    private final AtomicInteger storeReads = new AtomicInteger();
    private final List<Frame> released = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static Event event(String tenant, long seq) {
        return new Event("evt_" + tenant + seq, "t", tenant, null, null, null, Instant.EPOCH, "{}", seq);
    }

    /** Commits {@code seq} to the store and returns its frame, as a publishing node would. */
    private Frame committed(String tenant, long seq) {
        Event e = event(tenant, seq);
        store.computeIfAbsent(tenant, t -> new ConcurrentSkipListMap<>()).put(seq, e);
        return Frame.of(e);
    }

    private TenantSequencer sequencer(Map<String, Long> lastSeqs, Duration gapWait, int maxHeld) {
        return new TenantSequencer(lastSeqs, (tenant, after, limit) -> {
            storeReads.incrementAndGet();
            var log = store.getOrDefault(tenant, new ConcurrentSkipListMap<>());
            return log.tailMap(after, false).values().stream().limit(limit).toList();
        }, Runnable::run, timer, gapWait, maxHeld, released::addAll);
    }

    private List<String> releasedKeys() {
        synchronized (released) {
            return released.stream().map(f -> f.isSystem() ? "system" : f.tenant() + f.seq()).toList();
        }
    }

    private static void eventually(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void framesInOrderPassStraightThroughWithoutReadingTheStore() {
        TenantSequencer s = sequencer(Map.of(), Duration.ofHours(1), 100);
        s.accept(List.of(committed("a", 1), committed("b", 1), committed("a", 2)));
        s.accept(List.of(committed("a", 3)));
        assertThat(releasedKeys()).containsExactly("a1", "b1", "a2", "a3");
        assertThat(storeReads).hasValue(0);
    }

    @Test
    void framesFromSeveralNodesArrivingInterleavedAreReleasedInSeqOrder() {
        TenantSequencer s = sequencer(Map.of(), Duration.ofHours(1), 100);
        Frame a1 = committed("a", 1), a2 = committed("a", 2), a3 = committed("a", 3), a4 = committed("a", 4);
        s.accept(List.of(a2));
        s.accept(List.of(a4));
        assertThat(releasedKeys()).isEmpty();
        s.accept(List.of(a3));
        s.accept(List.of(a1));
        assertThat(releasedKeys()).containsExactly("a1", "a2", "a3", "a4");
        assertThat(storeReads).hasValue(0);
    }

    @Test
    void aRepeatedFrameIsReleasedOnce() {
        TenantSequencer s = sequencer(Map.of(), Duration.ofHours(1), 100);
        Frame a1 = committed("a", 1);
        s.accept(List.of(a1, committed("a", 2)));
        s.accept(List.of(a1));
        assertThat(releasedKeys()).containsExactly("a1", "a2");
    }

    @Test
    void aGapThatStaysOpenIsFilledFromTheStoreAfterTheWait() throws Exception {
        TenantSequencer s = sequencer(Map.of("a", 10L), Duration.ofMillis(30), 100);
        committed("a", 11);
        committed("a", 12); // published on another node; its frames are lost by the broker
        s.accept(List.of(committed("a", 13)));
        eventually("the gap to be filled", () -> releasedKeys().size() == 3);
        assertThat(releasedKeys()).containsExactly("a11", "a12", "a13");
        assertThat(s.gapsFilled()).isEqualTo(1);
    }

    @Test
    void aLateFrameAfterTheGapWasFilledIsNotDeliveredTwice() throws Exception {
        TenantSequencer s = sequencer(Map.of(), Duration.ofMillis(10), 100);
        Frame a1 = committed("a", 1);
        s.accept(List.of(committed("a", 2)));
        eventually("the gap to be filled", () -> releasedKeys().size() == 2);
        s.accept(List.of(a1));
        assertThat(releasedKeys()).containsExactly("a1", "a2");
    }

    @Test
    void systemFramesAreNeverHeldBehindAGap() {
        TenantSequencer s = sequencer(Map.of(), Duration.ofHours(1), 100);
        s.accept(List.of(committed("a", 2), Frame.systemStatus("shutdown", "n1", Instant.EPOCH)));
        assertThat(releasedKeys()).containsExactly("system");
    }

    @Test
    void catchingUpReadsWhatTheBrokerNeverCarried() {
        TenantSequencer s = sequencer(Map.of("a", 1L), Duration.ofHours(1), 100);
        committed("a", 2);
        committed("a", 3);
        committed("b", 1);
        s.catchUp(Map.of("a", 3L, "b", 1L, "c", 0L));
        assertThat(releasedKeys()).containsExactlyInAnyOrder("a2", "a3", "b1");
        assertThat(s.released("a")).isEqualTo(3);
        assertThat(s.released("c")).isZero();
    }

    @Test
    void aGapTheStoreCanNoLongerFillIsSkippedSoLiveDeliveryResumes() throws Exception {
        TenantSequencer s = sequencer(Map.of("a", 1L), Duration.ofMillis(10), 100);
        Frame a5 = Frame.of(event("a", 5)); // 2..4 were pruned from the store; 5 is not there either
        s.accept(List.of(a5));
        eventually("the gap to be skipped", () -> releasedKeys().size() == 1);
        assertThat(releasedKeys()).containsExactly("a5");
        assertThat(s.seqsSkipped()).isEqualTo(3);
    }

    @Test
    void heldFramesAreBoundedPerTenant() {
        TenantSequencer s = sequencer(Map.of(), Duration.ofHours(1), 10);
        // seq 1 never reaches the store (say it is unavailable); 2..40 arrive
        for (long seq = 2; seq <= 40; seq++) {
            s.accept(List.of(Frame.of(event("a", seq))));
        }
        assertThat(s.held()).isLessThanOrEqualTo(20);
    }

    @Test
    void aGapWhoseFirstSeqsWerePrunedIsSkippedToWhatTheStoreStillHas() throws Exception {
        TenantSequencer s = sequencer(Map.of("a", 1L), Duration.ofMillis(10), 100);
        committed("a", 4); // 2 and 3 were pruned; 4 is still in the store
        s.accept(List.of(committed("a", 5)));
        eventually("the gap to be filled from seq 4", () -> releasedKeys().size() == 2);
        assertThat(releasedKeys()).containsExactly("a4", "a5");
        assertThat(s.seqsSkipped()).isEqualTo(2);
        int reads = storeReads.get();
        Thread.sleep(50);
        assertThat(storeReads.get()).as("no further reads once the gap is closed").isEqualTo(reads);
    }

    @Test
    void thePeriodicCatchUpLeavesEventsStillInFlightToTheBroker() {
        TenantSequencer s = sequencer(Map.of("a", 1L), Duration.ofHours(1), 100);
        committed("a", 2); // committed, its frame still on its way
        s.catchUpIfStuck(Map.of("a", 2L));
        assertThat(storeReads).hasValue(0);
        s.accept(List.of(committed("a", 2))); // it arrives
        committed("a", 3); // this one is lost by the broker
        s.catchUpIfStuck(Map.of("a", 3L));
        assertThat(storeReads).as("behind, but progress since the last round").hasValue(0);
        s.catchUpIfStuck(Map.of("a", 3L));
        assertThat(storeReads).as("still behind with no progress: read").hasValue(1);
        assertThat(releasedKeys()).containsExactly("a2", "a3");
    }
}
