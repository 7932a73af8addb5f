package dev.herald.store.sqlite;

import dev.herald.core.id.Secrets;
import dev.herald.core.store.ApiKey;
import dev.herald.core.store.ApiKeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteApiKeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void keysAreFoundByHashAndNeverStoredInPlaintext() throws Exception {
        ApiKeyStore keys = new SqliteApiKeyStore(new SqliteDatabase(dir));
        ApiKeyStore.IssuedKey issued = keys.create("acme", EnumSet.of(ApiKey.Scope.PUBLISH));
        assertThat(issued.plaintext()).startsWith("hk_").hasSize(43);
        ApiKey found = keys.findByHash(Secrets.sha256Hex(issued.plaintext())).orElseThrow();
        assertThat(found.tenant()).isEqualTo("acme");
        assertThat(found.has(ApiKey.Scope.PUBLISH)).isTrue();
        assertThat(found.has(ApiKey.Scope.ADMIN)).isFalse();
        byte[] db = Files.readAllBytes(dir.resolve("herald.db"));
        byte[] wal = Files.exists(dir.resolve("herald.db-wal")) ? Files.readAllBytes(dir.resolve("herald.db-wal")) : new byte[0];
        assertThat(new String(db, java.nio.charset.StandardCharsets.ISO_8859_1) + new String(wal, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(issued.plaintext().substring(3));
    }

    @Test
    void aRevokedKeyIsMarkedAndAnotherProcessSeesItAtOnce() {
        ApiKeyStore a = new SqliteApiKeyStore(new SqliteDatabase(dir));
        ApiKeyStore b = new SqliteApiKeyStore(new SqliteDatabase(dir));
        ApiKeyStore.IssuedKey issued = a.create("t", EnumSet.of(ApiKey.Scope.ADMIN));
        assertThat(b.revoke(issued.key().id())).isTrue();
        assertThat(a.findByHash(Secrets.sha256Hex(issued.plaintext())).orElseThrow().revokedAt()).isNotNull();
        assertThat(b.revoke(issued.key().id())).as("revoking twice").isFalse();
    }
}
