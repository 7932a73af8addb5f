package dev.herald.core.webhook;

import dev.herald.core.event.NewEvent;
import dev.herald.core.store.EventStore;
import dev.herald.core.store.Outbox;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link DeliveryStore} guarantees, also when several dispatchers (nodes) share it. An
 * implementation's test supplies the stores over fresh data; each {@link #deliveryStore()} call may return
 * another instance over the same data, as another node holds. Deliveries are made the way production makes
 * them: by appending events through {@link #eventStore(Outbox)}.
 */
public abstract class DeliveryStoreContract {
    private static final Duration LEASE = Duration.ofSeconds(30);

    /** Empties the data; called first in every test. */
    protected abstract void freshData() throws Exception;

    protected abstract EndpointStore endpointStore() throws Exception;

    /** A delivery store over the data; every call may be another instance (another node). */
    protected abstract DeliveryStore deliveryStore() throws Exception;

    /** An event store that writes deliveries in each append's transaction; {@code outbox} holds the endpoints. */
    protected abstract EventStore eventStore(Outbox outbox) throws Exception;

    private Endpoint endpoint(String... types) throws Exception {
        Endpoint e = EndpointStoreContract.endpoint("t", types);
        endpointStore().insert(e);
        return e;
    }

    private void publish(int n, String type) throws Exception {
        EndpointRegistry registry = new EndpointRegistry(endpointStore().all());
        EventStore events = eventStore(registry);
        try {
            List<NewEvent> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(new NewEvent("evt_" + dev.herald.core.id.Ulid.next(), type, null, null, null, Instant.now(), "{}"));
            }
            events.append("t", batch).get(10, TimeUnit.SECONDS);
        } finally {
            events.close();
        }
    }

    private void publishWithId(String id, String type) throws Exception {
        EventStore events = eventStore(new EndpointRegistry(endpointStore().all()));
        try {
            events.append("t", List.of(new NewEvent(id, type, null, null, null, Instant.now(), "{\"n\":1}")))
                    .get(10, TimeUnit.SECONDS);
        } finally {
            events.close();
        }
    }

    private static List<ClaimedDelivery> claim(DeliveryStore store, String owner, Instant at, int max) {
        return store.claim(at, LEASE, owner, max, endpoint -> Integer.MAX_VALUE, Set.of());
    }

    private static Attempt ok(Instant at) {
        return new Attempt(at, 200, 3, "ok", null);
    }

    @Test
    void eachAcceptedEventBecomesOnePendingDeliveryPerMatchingEndpoint() throws Exception {
        freshData();
        Endpoint all = endpoint("*");
        Endpoint other = endpoint("other.type");
        publish(3, "order.created");
        DeliveryStore store = deliveryStore();
        DeliveryStore.Page page = store.list("t", all.id(), null, 10, null);
        assertThat(page.data()).hasSize(3).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(d.eventType()).isEqualTo("order.created");
        });
        assertThat(store.list("t", other.id(), null, 10, null).data()).isEmpty();
    }

    @Test
    void twoOwnersClaimingAtOnceGetDisjointDeliveriesThatTogetherAreAll() throws Exception {
        freshData();
        endpoint("*");
        publish(40, "x");
        DeliveryStore a = deliveryStore();
        DeliveryStore b = deliveryStore();
        Instant now = Instant.now();
        CompletableFuture<List<ClaimedDelivery>> byA = CompletableFuture.supplyAsync(() -> claim(a, "node-a", now, 40));
        CompletableFuture<List<ClaimedDelivery>> byB = CompletableFuture.supplyAsync(() -> claim(b, "node-b", now, 40));
        Set<String> ids = new HashSet<>();
        int total = 0;
        for (ClaimedDelivery d : byA.get(30, TimeUnit.SECONDS)) {
            assertThat(d.owner()).isEqualTo("node-a");
            ids.add(d.id());
            total++;
        }
        for (ClaimedDelivery d : byB.get(30, TimeUnit.SECONDS)) {
            assertThat(d.owner()).isEqualTo("node-b");
            ids.add(d.id());
            total++;
        }
        assertThat(total).as("no delivery claimed twice").isEqualTo(ids.size());
        assertThat(ids).hasSize(40);
        assertThat(claim(a, "node-a", now, 40)).as("all are leased").isEmpty();
    }

    @Test
    void aLeaseThatRunsOutIsTakenOverAndTheFormerOwnersResultIsNotRecorded() throws Exception {
        freshData();
        endpoint("*");
        publish(1, "x");
        DeliveryStore a = deliveryStore();
        DeliveryStore b = deliveryStore();
        Instant now = Instant.now();
        ClaimedDelivery first = a.claim(now, Duration.ofSeconds(1), "node-a", 10, e -> 10, Set.of()).get(0);
        assertThat(claim(b, "node-b", now, 10)).as("while the lease runs").isEmpty();
        ClaimedDelivery second = claim(b, "node-b", now.plusSeconds(2), 10).get(0);
        assertThat(second.id()).isEqualTo(first.id());

        DeliveryStore.Outcome late = a.record(first, ok(now), DeliveryStatus.SUCCEEDED, null, 3);
        assertThat(late.recorded()).as("the former owner's result").isFalse();
        assertThat(b.find("t", first.id()).orElseThrow().attempts()).isEmpty();

        DeliveryStore.Outcome owned = b.record(second, ok(now.plusSeconds(2)), DeliveryStatus.SUCCEEDED, null, 3);
        assertThat(owned.recorded()).isTrue();
        Delivery settled = a.find("t", first.id()).orElseThrow();
        assertThat(settled.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(settled.attempts()).hasSize(1);
        assertThat(settled.nextAttemptAt()).isNull();
        assertThat(claim(a, "node-a", now.plusSeconds(60), 10)).as("settled deliveries are not claimed").isEmpty();
    }

    @Test
    void releaseLeasesOfReleasesOnlyThatOwnersClaims() throws Exception {
        freshData();
        endpoint("*");
        publish(4, "x");
        DeliveryStore a = deliveryStore();
        DeliveryStore b = deliveryStore();
        Instant now = Instant.now();
        List<ClaimedDelivery> ofA = claim(a, "node-a", now, 2);
        List<ClaimedDelivery> ofB = claim(b, "node-b", now, 2);
        assertThat(ofA).hasSize(2);
        assertThat(ofB).hasSize(2);
        assertThat(a.releaseLeasesOf("node-a")).isEqualTo(2);
        List<ClaimedDelivery> again = claim(b, "node-c", now, 10);
        assertThat(again).extracting(ClaimedDelivery::id)
                .containsExactlyInAnyOrderElementsOf(ofA.stream().map(ClaimedDelivery::id).toList());
        assertThat(b.record(ofB.get(0), ok(now), DeliveryStatus.SUCCEEDED, null, 3).recorded())
                .as("node-b still holds its claims").isTrue();
    }

    @Test
    void aClaimCarriesTheDeliveryAsStoredWithItsLease() throws Exception {
        freshData();
        Endpoint e = endpoint("*");
        publishWithId("evt_claimed", "order.created");
        DeliveryStore store = deliveryStore();
        Instant now = Instant.now();
        ClaimedDelivery d = claim(store, "node-a", now, 10).get(0);
        Delivery stored = store.find("t", d.id()).orElseThrow();
        assertThat(d.tenant()).isEqualTo("t");
        assertThat(d.endpointId()).isEqualTo(e.id());
        assertThat(d.eventId()).isEqualTo("evt_claimed");
        assertThat(d.body()).contains("\"id\":\"evt_claimed\"").contains("\"data\":{\"n\":1}");
        assertThat(d.attemptCount()).isZero();
        assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(d.manual()).isFalse();
        assertThat(d.owner()).isEqualTo("node-a");
        assertThat(d.leaseUntil()).isEqualTo(Instant.ofEpochMilli(now.toEpochMilli()).plus(LEASE));
        assertThat(d.body()).as("the body every attempt sends").isEqualTo(stored.payload());
        assertThat(claim(store, "node-b", now, 10)).as("leased: not claimed again").isEmpty();
        assertThat(store.record(d, ok(now), DeliveryStatus.SUCCEEDED, null, 3).recorded())
                .as("the claim's owner and lease identify it when recording").isTrue();
    }

    @Test
    void recordAndClaimRecordsTheAttemptsThenClaimsWhatIsDueAfterThem() throws Exception {
        freshData();
        endpoint("*");
        publish(3, "x");
        DeliveryStore store = deliveryStore();
        Instant now = Instant.now();
        ClaimedDelivery first = claim(store, "n", now, 1).get(0);
        DeliveryStore.RecordedAndClaimed round = store.recordAndClaim(List.of(
                        new DeliveryStore.Recorded(first, new Attempt(now, 500, 3, "no", null), DeliveryStatus.PENDING,
                                now.plusSeconds(10))),
                DeliveryStore.FailurePolicy.notifyingAfter(3), now, LEASE, "n", 10, id -> 10, Set.of());
        assertThat(round.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.recorded()).isTrue();
            assertThat(o.failureStreak()).isEqualTo(1);
        });
        assertThat(round.claimed()).as("the other two; the one just scheduled 10 s on is not due")
                .hasSize(2).extracting(ClaimedDelivery::id).doesNotContain(first.id());
        assertThat(store.find("t", first.id()).orElseThrow().attempts()).hasSize(1);
        assertThat(store.recordAndClaim(List.of(), DeliveryStore.FailurePolicy.notifyingAfter(3), now.plusSeconds(11),
                LEASE, "n", 10, id -> 10, Set.of()).claimed()).extracting(ClaimedDelivery::id).containsExactly(first.id());
    }

    @Test
    void claimsTakeNoMoreThanAnEndpointsFreeSlotsAndSkipFullEndpoints() throws Exception {
        freshData();
        Endpoint e = endpoint("*");
        publish(5, "x");
        DeliveryStore store = deliveryStore();
        Instant now = Instant.now();
        assertThat(store.claim(now, LEASE, "n", 10, id -> 10, Set.of(e.id()))).isEmpty();
        assertThat(store.claim(now, LEASE, "n", 10, id -> 2, Set.of())).hasSize(2);
        assertThat(store.claim(now, LEASE, "n", 1, id -> 10, Set.of())).hasSize(1);
    }

    @Test
    void aFailureStreakSendsOneNotificationAtTheThresholdAndASuccessResetsIt() throws Exception {
        freshData();
        endpoint("*");
        publish(1, "x");
        DeliveryStore store = deliveryStore();
        Instant at = Instant.now();
        List<DeliveryStore.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ClaimedDelivery d = claim(store, "n", at, 1).get(0);
            assertThat(d.attemptCount()).isEqualTo(i);
            outcomes.add(store.record(d, new Attempt(at, 500, 3, "no", null), DeliveryStatus.PENDING, at, 3));
        }
        assertThat(outcomes).extracting(DeliveryStore.Outcome::failureStreak).containsExactly(1, 2, 3, 4);
        assertThat(outcomes).extracting(DeliveryStore.Outcome::sendNotification).containsExactly(false, false, true, false);
        ClaimedDelivery d = claim(store, "n", at, 1).get(0);
        DeliveryStore.Outcome success = store.record(d, ok(at), DeliveryStatus.SUCCEEDED, null, 3);
        assertThat(success.failureStreak()).isZero();
        assertThat(store.find("t", d.id()).orElseThrow().attempts()).hasSize(5);
    }

    @Test
    void retryNowMakesASettledDeliveryDueOnceMore() throws Exception {
        freshData();
        endpoint("*");
        publish(1, "x");
        DeliveryStore store = deliveryStore();
        Instant at = Instant.now();
        ClaimedDelivery d = claim(store, "n", at, 1).get(0);
        store.record(d, new Attempt(at, 500, 3, "no", null), DeliveryStatus.FAILED, null, 3);
        assertThat(claim(store, "n", at.plusSeconds(60), 1)).isEmpty();
        assertThat(store.retryNow("t", d.id(), at.plusSeconds(1))).isPresent();
        assertThat(store.retryNow("other", d.id(), at.plusSeconds(1))).isEmpty();
        ClaimedDelivery manual = claim(store, "n", at.plusSeconds(2), 1).get(0);
        assertThat(manual.manual()).isTrue();
        assertThat(manual.status()).isEqualTo(DeliveryStatus.FAILED);
    }

    @Test
    void aDisabledEndpointGetsNoNewDeliveries() throws Exception {
        freshData();
        Endpoint on = endpoint("*");
        Endpoint off = EndpointStoreContract.endpoint("t", "*").disable(Instant.now(), Endpoint.DISABLED_MANUALLY);
        endpointStore().insert(off);
        publish(2, "x");
        DeliveryStore store = deliveryStore();
        assertThat(store.list("t", off.id(), null, 10, null).data()).isEmpty();
        assertThat(store.list("t", on.id(), null, 10, null).data()).hasSize(2);
    }

    @Test
    void pendingDeliveriesOfADisabledEndpointWaitAndAreClaimedOnceItIsEnabledAgain() throws Exception {
        freshData();
        Endpoint e = endpoint("*");
        publish(2, "x");
        Instant now = Instant.now();
        EndpointStore endpoints = endpointStore();
        endpoints.update(e.disable(now, Endpoint.DISABLED_MANUALLY));
        DeliveryStore store = deliveryStore();
        assertThat(claim(store, "n", now.plusSeconds(3600), 10)).as("while disabled").isEmpty();
        assertThat(store.list("t", e.id(), DeliveryStatus.PENDING, 10, null).data()).as("still pending").hasSize(2);
        endpoints.update(endpoints.find("t", e.id()).orElseThrow().enable(now.plusSeconds(1)));
        assertThat(claim(store, "n", now.plusSeconds(3600), 10)).hasSize(2);
    }

    @Test
    void anEndpointFailingWithoutASuccessForDisableAfterIsDisabledByOneAttempt() throws Exception {
        freshData();
        Endpoint e = endpoint("*");
        publish(1, "x");
        DeliveryStore store = deliveryStore();
        DeliveryStore.FailurePolicy policy = new DeliveryStore.FailurePolicy(100, Duration.ofDays(5));
        Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(attempt(store, t0, false, policy).disabledNow()).isFalse();
        assertThat(attempt(store, t0.plus(Duration.ofDays(3)), false, policy).disabledNow()).isFalse();
        assertThat(attempt(store, t0.plus(Duration.ofDays(4)), true, policy).disabledNow())
                .as("a success restarts the clock").isFalse();
        Instant t1 = t0.plus(Duration.ofDays(6));
        assertThat(attempt(store, t1, false, policy).disabledNow()).isFalse();
        assertThat(attempt(store, t1.plus(Duration.ofDays(5)).minusMillis(1), false, policy).disabledNow()).isFalse();
        assertThat(endpointStore().find("t", e.id()).orElseThrow().disabled()).isFalse();
        assertThat(attempt(store, t1.plus(Duration.ofDays(5)), false, policy).disabledNow()).isTrue();

        Endpoint disabled = endpointStore().find("t", e.id()).orElseThrow();
        assertThat(disabled.disabledReason()).isEqualTo(Endpoint.DISABLED_FAILING);
        assertThat(disabled.disabledAt()).isEqualTo(t1.plus(Duration.ofDays(5)));
        assertThat(claim(store, "n", t1.plus(Duration.ofDays(30)), 1)).as("its deliveries wait").isEmpty();

        endpointStore().update(disabled.enable(t1.plus(Duration.ofDays(7))));
        Instant t2 = t1.plus(Duration.ofDays(8));
        assertThat(attempt(store, t2, false, policy).disabledNow()).as("enabling starts a fresh streak").isFalse();
        assertThat(attempt(store, t2.plus(Duration.ofDays(1)), false, policy).failureStreak()).isEqualTo(2);
    }

    /** Claims the one due delivery at {@code at} and records a success or a failure due again at once. */
    private static DeliveryStore.Outcome attempt(DeliveryStore store, Instant at, boolean success,
                                                 DeliveryStore.FailurePolicy policy) {
        ClaimedDelivery d = claim(store, "n", at, 1).get(0);
        Attempt a = success ? ok(at) : new Attempt(at, 500, 3, "no", null);
        // Each attempt gets a delivery due again at once, so the next claim finds one whatever the outcome.
        DeliveryStore.Outcome o = store.record(d, a, DeliveryStatus.PENDING, at, policy);
        assertThat(o.recorded()).isTrue();
        return o;
    }

    @Test
    void theDeliveriesOfAnEventSayWhereItWentAndCarryThePayloadSent() throws Exception {
        freshData();
        Endpoint a = endpoint("*");
        Endpoint b = endpoint("x");
        endpoint("other");
        publishWithId("evt_where_1", "x");
        DeliveryStore store = deliveryStore();
        List<Delivery> went = store.forEvent("t", "evt_where_1");
        assertThat(went).extracting(Delivery::endpointId).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(went).allSatisfy(d -> {
            assertThat(d.eventId()).isEqualTo("evt_where_1");
            assertThat(d.payload()).startsWith("{\"id\":\"evt_where_1\",\"eventType\":\"x\"").contains("\"data\":{\"n\":1}");
        });
        assertThat(store.find("t", went.get(0).id()).orElseThrow().payload()).isEqualTo(went.get(0).payload());
        assertThat(store.forEvent("other-tenant", "evt_where_1")).isEmpty();
        assertThat(store.forEvent("t", "evt_nowhere")).isEmpty();
    }

    @Test
    void pruneFinishedDeletesOldSettledDeliveriesWithTheirAttemptsAndKeepsPendingOnes() throws Exception {
        freshData();
        Endpoint e = endpoint("*");
        publish(3, "x");
        DeliveryStore store = deliveryStore();
        Instant now = Instant.now();
        List<ClaimedDelivery> two = claim(store, "n", now, 2);
        store.record(two.get(0), ok(now), DeliveryStatus.SUCCEEDED, null, 3);
        store.record(two.get(1), new Attempt(now, 500, 3, "no", null), DeliveryStatus.FAILED, null, 3);

        assertThat(store.pruneFinished(now.minusSeconds(3600), 10).rows()).as("younger than the cutoff").isZero();
        Instant cutoff = now.plusSeconds(3600);
        assertThat(store.pruneFinished(cutoff, 1).rows()).as("one delivery and its attempt").isEqualTo(2);
        assertThat(store.pruneFinished(cutoff, 10).rows()).isEqualTo(2);
        assertThat(store.pruneFinished(cutoff, 10).rows()).isZero();
        assertThat(store.find("t", two.get(0).id())).isEmpty();
        assertThat(store.find("t", two.get(1).id())).isEmpty();
        assertThat(store.list("t", e.id(), null, 10, null).data()).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING));
    }
}
