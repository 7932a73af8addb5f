package dev.herald.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the embedded API's publish stages complete. A store completes its futures on its writer thread, and a
 * {@link CompletionStage}'s dependent callbacks run on the thread that completes it: an embedding application's
 * slow {@code thenAccept} would otherwise hold up every later commit. Completions are handed to two daemon
 * threads of their own instead (HTTP publishes hop to their event loop the same way).
 */
final class PublishCallbacks implements AutoCloseable {
    private static final int THREADS = 2;
    private final AtomicInteger seq = new AtomicInteger();
    private final ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "herald-publish-callbacks-" + seq.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** A stage that completes like {@code source}, on a callback thread. */
    <T> CompletionStage<T> completeOnCallbackThread(CompletionStage<T> source) {
        CompletableFuture<T> out = new CompletableFuture<>();
        source.whenComplete((value, failure) -> {
            Runnable complete = () -> {
                if (failure != null) {
                    out.completeExceptionally(failure instanceof java.util.concurrent.CompletionException c
                            && c.getCause() != null ? c.getCause() : failure);
                } else {
                    out.complete(value);
                }
            };
            try {
                executor.execute(complete);
            } catch (RejectedExecutionException closed) {
                complete.run(); // the node is stopping: completing here is better than never
            }
        });
        return out;
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
