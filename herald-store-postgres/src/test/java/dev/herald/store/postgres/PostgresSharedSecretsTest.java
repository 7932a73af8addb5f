package dev.herald.store.postgres;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.herald.core.store.SharedSecrets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresSharedSecretsTest {
    @RegisterExtension
    static final PgTestData data = new PgTestData();

    @Test
    void nodesRacingToMintASecretAllGetTheOneThatWasStored() throws Exception {
        data.fresh();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            SharedSecrets node = new PostgresSharedSecrets(data.node());
            String minted = "secret-of-node-" + n;
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return node.getOrCreate("jwt_secret", () -> minted);
            }));
        }
        go.countDown();
        Set<String> values = new HashSet<>();
        for (CompletableFuture<String> a : answers) {
            values.add(a.get(30, TimeUnit.SECONDS));
        }
        assertThat(values).hasSize(1);
        String winner = values.iterator().next();
        assertThat(winner).startsWith("secret-of-node-");
        assertThat(new PostgresSharedSecrets(data.node()).getOrCreate("jwt_secret", () -> "late")).isEqualTo(winner);
        assertThat(new PostgresSharedSecrets(data.node()).getOrCreate("webhook_key", () -> "other")).isEqualTo("other");
    }
}
