package dev.herald.server.hardening;

import dev.herald.core.event.NewEvent;
import dev.herald.core.store.AppendResult;
import dev.herald.server.testkit.SqliteWriteLock;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #13 item 7 (a): what an embedding application does in its publish callbacks never runs on the store's writer. */
class EmbeddedCallbackHardeningTest {

    @Test
    void aSlowEmbeddedCallbackDoesNotHoldUpLaterCommits() throws Exception {
        try (TestServer server = TestServer.start()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch callbackRunning = new CountDownLatch(1);
            try {
                try (SqliteWriteLock stalled = SqliteWriteLock.hold(server.dataDir())) {
                    // Registered while the commit cannot happen: the callback runs on whatever thread completes the stage.
                    server.herald().publish(event("evt_slow_callback")).thenAccept(r -> {
                        callbackRunning.countDown();
                        awaitQuietly(release);
                    });
                }
                assertThat(callbackRunning.await(10, TimeUnit.SECONDS)).isTrue();
                AppendResult next = server.herald().publish(event("evt_after_slow_callback"))
                        .toCompletableFuture().get(5, TimeUnit.SECONDS);
                assertThat(next.duplicate()).isFalse();
                assertThat(server.api().publishEvent("over.http", "{}").status()).isEqualTo(202);
            } finally {
                release.countDown();
            }
        }
    }

    private static NewEvent event(String id) {
        return new NewEvent(id, "embedded", null, null, null, Instant.now(), "{}");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
