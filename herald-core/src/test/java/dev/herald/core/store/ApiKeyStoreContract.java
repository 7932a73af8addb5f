package dev.herald.core.store;

import dev.herald.core.id.Secrets;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ApiKeyStore} guarantees. An implementation's test supplies stores over fresh, empty data;
 * {@link #anotherInstance()} is a second store over the same data, as another process or node holds.
 */
public abstract class ApiKeyStoreContract {

    /** A store over fresh, empty data (called once per test, first). */
    protected abstract ApiKeyStore newStore() throws Exception;

    /** Another store over the data of the last {@link #newStore()}. */
    protected abstract ApiKeyStore anotherInstance() throws Exception;

    @Test
    void aCreatedKeyIsFoundByTheHashOfItsPlaintextWithItsTenantAndScopes() throws Exception {
        ApiKeyStore keys = newStore();
        ApiKeyStore.IssuedKey issued = keys.create("acme", EnumSet.of(ApiKey.Scope.PUBLISH));
        assertThat(issued.plaintext()).startsWith("hk_").hasSize(43);
        ApiKey found = keys.findByHash(Secrets.sha256Hex(issued.plaintext())).orElseThrow();
        assertThat(found.id()).isEqualTo(issued.key().id());
        assertThat(found.tenant()).isEqualTo("acme");
        assertThat(found.has(ApiKey.Scope.PUBLISH)).isTrue();
        assertThat(found.has(ApiKey.Scope.ADMIN)).isFalse();
        assertThat(keys.findByHash(Secrets.sha256Hex(issued.plaintext() + "x"))).isEmpty();
    }

    @Test
    void aKeyCreatedThroughOneInstanceWorksOnAnotherAndARevocationCountsOnBoth() throws Exception {
        ApiKeyStore a = newStore();
        ApiKeyStore b = anotherInstance();
        ApiKeyStore.IssuedKey issued = a.create("t", EnumSet.of(ApiKey.Scope.ADMIN));
        assertThat(b.findByHash(Secrets.sha256Hex(issued.plaintext()))).isPresent();
        assertThat(b.revoke(issued.key().id())).isTrue();
        ApiKey revoked = a.findByHash(Secrets.sha256Hex(issued.plaintext())).orElseThrow();
        assertThat(revoked.revokedAt()).isNotNull();
        assertThat(revoked.has(ApiKey.Scope.ADMIN)).isFalse();
        assertThat(a.revoke(issued.key().id())).as("revoking twice").isFalse();
        assertThat(a.revoke("key_missing")).isFalse();
    }

    @Test
    void listShowsEveryKeyOldestFirst() throws Exception {
        ApiKeyStore keys = newStore();
        String first = keys.create("a", EnumSet.of(ApiKey.Scope.PUBLISH)).key().id();
        String second = keys.create("b", EnumSet.of(ApiKey.Scope.PUBLISH, ApiKey.Scope.ADMIN)).key().id();
        assertThat(keys.list()).extracting(ApiKey::id).containsExactly(first, second);
        assertThat(keys.list().get(1).scopes()).containsExactlyInAnyOrder(ApiKey.Scope.PUBLISH, ApiKey.Scope.ADMIN);
    }
}
