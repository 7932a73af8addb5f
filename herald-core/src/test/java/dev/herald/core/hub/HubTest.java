package dev.herald.core.hub;

import dev.herald.core.event.Event;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

class HubTest {
    /** Runs tasks inline: the shard's thread is the test's thread. */
    private static final Executor INLINE = Runnable::run;

    static final class Recorder implements Subscriber {
        final String tenant;
        final String user;
        final Set<String> types;
        final List<Frame> got = new ArrayList<>();
        Runnable onDeliver = () -> { };

        Recorder(String tenant, String user, Set<String> types) {
            this.tenant = tenant;
            this.user = user;
            this.types = types;
        }

        @Override
        public String tenant() {
            return tenant;
        }

        @Override
        public String user() {
            return user;
        }

        @Override
        public boolean wants(String type) {
            return types == null || types.contains(type);
        }

        @Override
        public boolean deliver(Frame frame) {
            got.add(frame);
            onDeliver.run();
            boolean first = !dirty;
            dirty = true;
            return first;
        }

        int flushes;
        private boolean dirty;

        @Override
        public void flush() {
            flushes++;
            dirty = false;
        }
    }

    private static Frame event(String tenant, String user, String type, long seq) {
        return Frame.of(new Event("evt_" + seq, type, tenant, user, null, null, Instant.EPOCH, "{}", seq));
    }

    @Test
    void aWatcherWithoutAUserSeesEveryEventOfItsTenantOnly() {
        Hub hub = new Hub();
        Hub.Shard shard = hub.newShard(INLINE);
        Recorder watcher = new Recorder("a", null, null);
        Recorder u1 = new Recorder("a", "u1", null);
        Hub.Member watching = shard.add(watcher);
        shard.add(u1);
        hub.dispatch(event("a", "u1", "x", 1));
        hub.dispatch(event("a", "u2", "x", 2));
        hub.dispatch(event("a", null, "x", 3));
        hub.dispatch(event("b", "u1", "x", 4));
        assertThat(watcher.got).extracting(Frame::seq).containsExactly(1L, 2L, 3L);
        assertThat(u1.got).extracting(Frame::seq).containsExactly(1L, 3L);
        shard.remove(watching);
        hub.dispatch(event("a", "u2", "x", 5));
        assertThat(watcher.got).hasSize(3);
        assertThat(hub.subscriberCount()).isEqualTo(1);
    }

    @Test
    void broadcastsReachEveryConnectionOfTheTenantOnly() {
        Hub hub = new Hub();
        Hub.Shard shard = hub.newShard(INLINE);
        Recorder a1 = new Recorder("a", "u1", null);
        Recorder a2 = new Recorder("a", "u2", null);
        Recorder b1 = new Recorder("b", "u1", null);
        shard.add(a1);
        shard.add(a2);
        shard.add(b1);
        hub.dispatch(event("a", null, "x", 1));
        assertThat(a1.got).hasSize(1);
        assertThat(a2.got).hasSize(1);
        assertThat(b1.got).isEmpty();
    }

    @Test
    void targetedEventsReachOnlyThatUsersConnectionsAcrossShards() {
        Hub hub = new Hub();
        Hub.Shard s1 = hub.newShard(INLINE);
        Hub.Shard s2 = hub.newShard(INLINE);
        Recorder tab1 = new Recorder("a", "alice", null);
        Recorder tab2 = new Recorder("a", "alice", null);
        Recorder bob = new Recorder("a", "bob", null);
        s1.add(tab1);
        s2.add(tab2);
        s2.add(bob);
        hub.dispatch(event("a", "alice", "x", 1));
        assertThat(tab1.got).hasSize(1);
        assertThat(tab2.got).hasSize(1);
        assertThat(bob.got).isEmpty();
    }

    @Test
    void theSameEncodedFrameIsSharedByAllRecipients() {
        Hub hub = new Hub();
        Hub.Shard shard = hub.newShard(INLINE);
        Recorder r1 = new Recorder("a", "u1", null);
        Recorder r2 = new Recorder("a", "u2", null);
        shard.add(r1);
        shard.add(r2);
        hub.dispatch(event("a", null, "x", 1));
        assertThat(r1.got.get(0).utf8()).isSameAs(r2.got.get(0).utf8());
    }

    @Test
    void typeFiltersAreAppliedAndSystemFramesGoToEveryTenant() {
        Hub hub = new Hub();
        Hub.Shard shard = hub.newShard(INLINE);
        Recorder only = new Recorder("a", "u", Set.of("wanted", "system_status"));
        Recorder other = new Recorder("b", "u", Set.of("system_status"));
        shard.add(only);
        shard.add(other);
        hub.dispatch(event("a", null, "unwanted", 1));
        hub.dispatch(event("a", null, "wanted", 2));
        hub.dispatch(Frame.systemStatus("startup", "n1", Instant.EPOCH));
        assertThat(only.got).extracting(Frame::type).containsExactly("wanted", "system_status");
        assertThat(other.got).extracting(Frame::type).containsExactly("system_status");
    }

    @Test
    void aSubscriberMayRemoveItselfWhileBeingDeliveredTo() {
        Hub hub = new Hub();
        Hub.Shard shard = hub.newShard(INLINE);
        Recorder stays = new Recorder("a", "u1", null);
        Recorder leaves = new Recorder("a", "u2", null);
        shard.add(stays);
        Hub.Member leaving = shard.add(leaves);
        leaves.onDeliver = () -> shard.remove(leaving);
        hub.dispatch(Frame.systemStatus("startup", "n1", Instant.EPOCH));
        hub.dispatch(event("a", null, "x", 1));
        assertThat(stays.got).hasSize(2);
        assertThat(leaves.got).hasSize(1);
        assertThat(hub.subscriberCount()).isEqualTo(1);
    }

    @Test
    void aBatchIsFlushedOncePerSubscriberThatGotSomething() {
        Hub hub = new Hub();
        Hub.Shard shard = hub.newShard(INLINE);
        Recorder all = new Recorder("a", "u1", null);
        Recorder some = new Recorder("a", "u2", Set.of("y"));
        Recorder none = new Recorder("a", "u3", Set.of("z"));
        shard.add(all);
        shard.add(some);
        shard.add(none);
        hub.dispatch(List.of(event("a", null, "x", 1), event("a", null, "y", 2), event("a", null, "x", 3)));
        assertThat(all.got).extracting(Frame::seq).containsExactly(1L, 2L, 3L);
        assertThat(all.flushes).isEqualTo(1);
        assertThat(some.flushes).isEqualTo(1);
        assertThat(none.flushes).isZero();
    }

    @Test
    void aBusyShardCoalescesItsBacklogIntoOneDrainAndOneFlush() {
        Hub hub = new Hub();
        java.util.ArrayDeque<Runnable> loop = new java.util.ArrayDeque<>();
        Hub.Shard shard = hub.newShard(loop::add);
        Recorder r = new Recorder("a", "u", null);
        shard.add(r);
        for (int i = 1; i <= 5; i++) {
            hub.dispatch(event("a", null, "x", i));
        }
        assertThat(hub.backlog()).isEqualTo(5);
        assertThat(loop).as("one drain task for the whole backlog").hasSize(1);
        loop.poll().run();
        assertThat(r.got).extracting(Frame::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(r.flushes).isEqualTo(1);
        assertThat(hub.backlog()).isZero();
        hub.dispatch(event("a", null, "x", 6));
        assertThat(loop).as("an idle shard drains a new frame at once").hasSize(1);
    }

    @Test
    void aLoneFrameIsFlushedToEachSubscriberAsItIsWrittenNotAfterTheWholeWalk() {
        Hub hub = new Hub();
        Hub.Shard shard = hub.newShard(INLINE);
        Recorder first = new Recorder("a", "u1", null);
        Recorder second = new Recorder("a", "u2", null);
        shard.add(first);
        shard.add(second);
        // When the second subscriber is handed the frame, the first must already have pushed it to the network.
        List<Integer> flushesOfTheOtherWhenDelivered = new ArrayList<>();
        first.onDeliver = () -> flushesOfTheOtherWhenDelivered.add(second.flushes);
        second.onDeliver = () -> flushesOfTheOtherWhenDelivered.add(first.flushes);
        hub.dispatch(event("a", null, "x", 1));
        assertThat(flushesOfTheOtherWhenDelivered).as("one of them went first and was flushed before the other got it")
                .containsExactlyInAnyOrder(0, 1);
        assertThat(first.flushes).isEqualTo(1);
        assertThat(second.flushes).isEqualTo(1);
    }

    @Test
    void framesArriveInDispatchOrder() {
        Hub hub = new Hub();
        Hub.Shard shard = hub.newShard(INLINE);
        Recorder r = new Recorder("a", "u", null);
        shard.add(r);
        for (int i = 1; i <= 100; i++) {
            hub.dispatch(event("a", null, "x", i));
        }
        assertThat(r.got).extracting(Frame::seq).isSorted().hasSize(100);
    }

    @Test
    void theFrameIsTheDocumentedJsonMessage() {
        Frame f = Frame.of(new Event("evt_1", "threat_detected", "t", null, null, null,
                Instant.parse("2025-01-15T10:30:00Z"), "{\"severity\":\"high\"}", 42));
        assertThat(f.text()).isEqualTo("{\"type\":\"threat_detected\",\"timestamp\":\"2025-01-15T10:30:00.000Z\","
                + "\"data\":{\"severity\":\"high\"},\"id\":\"evt_1\",\"seq\":42}");
    }

    @Test
    void aMassDisconnectInAnyOrderLeavesExactlyTheOthersIndexed() {
        Hub hub = new Hub();
        Hub.Shard shard = hub.newShard(INLINE);
        List<Recorder> subs = new ArrayList<>();
        List<Hub.Member> members = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Recorder r = new Recorder("a", i % 2 == 0 ? "even" : "u" + i, null);
            subs.add(r);
            members.add(shard.add(r));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(15));
        List<Integer> dropped = order.subList(0, 900);
        for (int i : dropped) {
            shard.remove(members.get(i));
            shard.remove(members.get(i)); // a second removal of the same member does nothing
        }
        assertThat(hub.subscriberCount()).isEqualTo(100);
        hub.dispatch(event("a", null, "x", 1));
        hub.dispatch(event("a", "even", "x", 2));
        for (int i = 0; i < 1_000; i++) {
            List<Long> expected = dropped.contains(i) ? List.of() : i % 2 == 0 ? List.of(1L, 2L) : List.of(1L);
            assertThat(subs.get(i).got).as("subscriber %d", i).extracting(Frame::seq).containsExactlyElementsOf(expected);
        }
        for (int i : order.subList(900, 1_000)) {
            shard.remove(members.get(i));
        }
        assertThat(hub.subscriberCount()).isZero();
        hub.dispatch(event("a", null, "x", 3));
        assertThat(subs).allSatisfy(r -> assertThat(r.got).extracting(Frame::seq).doesNotContain(3L));
    }

    @Test
    void subscribersLeavingDuringABroadcastGetItAtMostOnceAndTheRestExactlyOnce() {
        Hub hub = new Hub();
        Hub.Shard shard = hub.newShard(INLINE);
        List<Recorder> subs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Recorder r = new Recorder("a", "u" + i, null);
            subs.add(r);
            Hub.Member m = shard.add(r);
            if (i % 3 == 0) {
                r.onDeliver = () -> shard.remove(m); // a slow consumer closing itself mid-walk
            }
        }
        hub.dispatch(event("a", null, "x", 1));
        hub.dispatch(event("a", null, "x", 2));
        for (int i = 0; i < 100; i++) {
            List<Long> expected = i % 3 == 0 ? List.of(1L) : List.of(1L, 2L);
            assertThat(subs.get(i).got).as("subscriber %d", i).extracting(Frame::seq).containsExactlyElementsOf(expected);
        }
        assertThat(hub.subscriberCount()).isEqualTo(66);
    }
}
