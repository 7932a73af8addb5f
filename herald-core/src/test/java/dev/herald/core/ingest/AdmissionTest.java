package dev.herald.core.ingest;

import dev.herald.core.broker.MemoryBroker;
import dev.herald.core.error.OverloadedException;
import dev.herald.core.event.Event;
import dev.herald.core.event.NewEvent;
import dev.herald.core.store.AppendResult;
import dev.herald.core.store.EventStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdmissionTest {

    @Test
    void appendsBeyondTheBoundFailAtOnceAndASlotIsFreedWhenAnAppendCompletes() {
        ManualStore store = new ManualStore();
        Publisher publisher = new Publisher(store, new MemoryBroker(), new Admission(2, Long.MAX_VALUE, () -> 0));
        var a = publisher.publish("t", List.of(event())).toCompletableFuture();
        var b = publisher.publish("t", List.of(event())).toCompletableFuture();
        var refused = publisher.publish("t", List.of(event())).toCompletableFuture();

        assertThatThrownBy(refused::join).hasCauseInstanceOf(OverloadedException.class);
        assertThat(store.pending).hasSize(2); // the refused append never reached the store
        assertThat(publisher.admission().pending()).isEqualTo(2);

        store.pending.get(0).complete(List.of(new AppendResult("x", 1, false)));
        assertThat(a).isCompleted();
        assertThat(publisher.admission().pending()).isEqualTo(1);
        assertThat(publisher.publish("t", List.of(event())).toCompletableFuture()).isNotDone();
        assertThat(b).isNotDone();
    }

    @Test
    void aFailedAppendFreesItsSlotToo() {
        ManualStore store = new ManualStore();
        Publisher publisher = new Publisher(store, new MemoryBroker(), new Admission(1, Long.MAX_VALUE, () -> 0));
        publisher.publish("t", List.of(event()));
        store.pending.get(0).completeExceptionally(new IllegalStateException("boom"));
        assertThat(publisher.admission().pending()).isZero();
        assertThat(publisher.publish("t", List.of(event())).toCompletableFuture()).isNotDone();
    }

    @Test
    void publishingIsRefusedWhileTheFanOutBacklogIsOverItsBound() {
        ManualStore store = new ManualStore();
        AtomicLong backlog = new AtomicLong(11);
        Publisher publisher = new Publisher(store, new MemoryBroker(), new Admission(100, 10, backlog::get));
        var refused = publisher.publish("t", List.of(event())).toCompletableFuture();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(OverloadedException.class);
        assertThat(store.pending).isEmpty();
        backlog.set(10);
        assertThat(publisher.publish("t", List.of(event())).toCompletableFuture()).isNotDone();
        assertThat(store.pending).hasSize(1);
    }

    private static NewEvent event() {
        return new NewEvent(null, "t", null, null, null, Instant.now(), "{}");
    }

    /** A store whose appends complete when the test says so. */
    private static final class ManualStore implements EventStore {
        final List<CompletableFuture<List<AppendResult>>> pending = new ArrayList<>();

        @Override
        public CompletableFuture<List<AppendResult>> append(String tenant, List<NewEvent> events) {
            CompletableFuture<List<AppendResult>> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        @Override
        public void onCommitted(Consumer<List<Event>> listener) {
        }

        @Override
        public List<Event> readAfter(String tenant, long afterSeq, int limit) {
            return List.of();
        }

        @Override
        public List<Event> recent(Instant notBefore, int perTenant) {
            return List.of();
        }

        @Override
        public java.util.Optional<Event> find(String tenant, String id) {
            return java.util.Optional.empty();
        }

        @Override
        public dev.herald.core.store.PruneBatch pruneBatch(Instant cutoff, int max) {
            return new dev.herald.core.store.PruneBatch(0, java.time.Duration.ZERO);
        }

        @Override
        public Map<String, Long> lastSeqs() {
            return Map.of();
        }

        @Override
        public void close() {
        }
    }
}
