package dev.herald.core.webhook;

import dev.herald.core.id.Ulid;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link EndpointStore} guarantees. An implementation's test supplies stores over fresh, empty data;
 * {@link #anotherInstance()} is a second store over the same data (another process or node, same sealing key).
 */
public abstract class EndpointStoreContract {

    /** A store over fresh, empty data (called once per test, first). */
    protected abstract EndpointStore newStore() throws Exception;

    /** Another store over the data of the last {@link #newStore()}. */
    protected abstract EndpointStore anotherInstance() throws Exception;

    public static Endpoint endpoint(String tenant, String... types) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new Endpoint("wh_" + Ulid.next(), tenant, "https://example.com/hook", List.of(types), "orders",
                "ops@example.com", SigningSecrets.of(WebhookSecret.mint()), null, now, now);
    }

    @Test
    void anEndpointComesBackAsStoredWithItsSecretsInTheClear() throws Exception {
        EndpointStore store = newStore();
        Endpoint e = endpoint("acme", "order.created", "order.paid");
        store.insert(e);
        assertThat(anotherInstance().find("acme", e.id())).contains(e);
        assertThat(store.list("acme")).containsExactly(e);
        assertThat(store.all()).containsExactly(e);
    }

    @Test
    void anotherTenantsEndpointIsAbsent() throws Exception {
        EndpointStore store = newStore();
        Endpoint e = endpoint("acme", "*");
        store.insert(e);
        assertThat(store.find("other", e.id())).isEmpty();
        assertThat(store.list("other")).isEmpty();
        assertThat(store.delete("other", e.id())).isFalse();
        assertThat(store.update(new Endpoint(e.id(), "other", e.url(), e.eventTypes(), null, null, e.secrets(), null,
                e.createdAt(), e.updatedAt()))).isFalse();
        assertThat(store.find("acme", e.id())).contains(e);
    }

    @Test
    void anUpdateReplacesSettingsAndSecretsEverywhere() throws Exception {
        EndpointStore store = newStore();
        Endpoint e = endpoint("acme", "*");
        store.insert(e);
        Instant later = e.updatedAt().plusSeconds(5);
        Endpoint rotated = e.withSettings("https://example.com/v2", List.of("x"), "v2", null, later)
                .withSecrets(e.secrets().rotatedTo(WebhookSecret.mint()), later.plusSeconds(3600), later);
        assertThat(store.update(rotated)).isTrue();
        assertThat(anotherInstance().find("acme", e.id())).contains(rotated);
    }

    @Test
    void aDeletedEndpointIsGoneForEveryInstance() throws Exception {
        EndpointStore store = newStore();
        Endpoint e = endpoint("acme", "*");
        store.insert(e);
        assertThat(anotherInstance().delete("acme", e.id())).isTrue();
        assertThat(store.find("acme", e.id())).isEmpty();
        assertThat(store.delete("acme", e.id())).isFalse();
    }

    @Test
    void aDisabledEndpointKeepsItsTimeAndReasonAndCanBeEnabledAgain() throws Exception {
        EndpointStore store = newStore();
        Endpoint e = endpoint("acme", "*");
        store.insert(e);
        Instant off = e.updatedAt().plusSeconds(60);
        Endpoint disabled = e.disable(off, Endpoint.DISABLED_MANUALLY);
        assertThat(store.update(disabled)).isTrue();
        Endpoint read = anotherInstance().find("acme", e.id()).orElseThrow();
        assertThat(read).isEqualTo(disabled);
        assertThat(read.disabled()).isTrue();
        assertThat(read.disabledReason()).isEqualTo(Endpoint.DISABLED_MANUALLY);

        Endpoint enabled = read.enable(off.plusSeconds(60));
        assertThat(store.update(enabled)).isTrue();
        assertThat(anotherInstance().find("acme", e.id()).orElseThrow().disabled()).isFalse();

        Endpoint createdDisabled = endpoint("acme", "*").disable(off, Endpoint.DISABLED_MANUALLY);
        store.insert(createdDisabled);
        assertThat(anotherInstance().find("acme", createdDisabled.id())).contains(createdDisabled);
    }
}
