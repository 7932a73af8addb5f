package dev.herald.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one client owns, all daemons named {@code herald-client-<n>…} so they are easy to find in a
 * thread dump: the client thread (state, timers, handlers) and one for the HTTP client's callbacks.
 */
record ClientThreads(ScheduledThreadPoolExecutor loop, Thread loopThread, ExecutorService io) {
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    static ClientThreads create() {
        String name = "herald-client-" + CLIENTS.incrementAndGet();
        Thread[] loopThread = new Thread[1];
        ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            loopThread[0] = t;
            return t;
        });
        // Timers cancelled by close() or give-up must not keep the thread alive, nor run afterwards.
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loop.setRemoveOnCancelPolicy(true);
        loop.prestartCoreThread();
        // One thread is plenty: the HTTP client's callbacks only hand frames over to the client thread.
        ThreadPoolExecutor io = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemons(name + "-io-"));
        io.allowCoreThreadTimeOut(true);
        return new ClientThreads(loop, loopThread[0], io);
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
