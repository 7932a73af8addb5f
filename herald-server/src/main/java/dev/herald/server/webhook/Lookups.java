package dev.herald.server.webhook;

import dev.herald.core.webhook.ResolvedTarget;
import dev.herald.core.webhook.TargetGuard;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The send-time {@link TargetGuard} check (a DNS lookup, which blocks and cannot be interrupted) on threads of its
 * own, so that a resolver that hangs for one host holds none of the threads that deliver to other endpoints.
 *
 * <p>Bounded every way: {@link #THREADS} lookup threads and a queue of {@link #QUEUE} (a lookup that finds both
 * full fails at once); concurrent checks of one URL share one lookup, so a hanging host occupies one thread
 * however many deliveries wait for it; and every caller stops waiting after the timeout (the attempt fails with
 * error {@code dns}), even while the lookup itself goes on.
 */
final class Lookups implements AutoCloseable {
    static final int THREADS = 8;
    static final int QUEUE = Dispatcher.MAX_IN_FLIGHT;

    private final TargetGuard guard;
    private final Duration timeout;
    private final Map<String, CompletableFuture<ResolvedTarget>> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger seq = new AtomicInteger();
    private final ThreadPoolExecutor executor;

    Lookups(TargetGuard guard, Duration timeout) {
        this.guard = guard;
        this.timeout = timeout;
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "herald-webhook-dns-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Checks {@code url} as {@link TargetGuard#check} does; completes exceptionally with its
     * {@link dev.herald.core.error.HeraldException}, with {@link java.util.concurrent.TimeoutException} after the
     * timeout, or with {@link RejectedExecutionException} when lookups are saturated. Completes on a lookup
     * thread or a timer thread: callers move to their own threads before doing real work.
     */
    CompletableFuture<ResolvedTarget> check(String url) {
        CompletableFuture<ResolvedTarget> shared = inFlight.computeIfAbsent(url, this::start);
        if (shared.isDone()) {
            // Refused, or so fast that its own clean-up ran before it was mapped: never leave a result behind.
            inFlight.remove(url, shared);
        }
        return shared.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<ResolvedTarget> start(String url) {
        CompletableFuture<ResolvedTarget> f = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    f.complete(guard.check(url));
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                } finally {
                    inFlight.remove(url, f);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    /** Lookups running or queued: the DNS queue depth. */
    int depth() {
        return executor.getActiveCount() + executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
