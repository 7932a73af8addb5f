package dev.herald.server.webhook;

import dev.herald.core.webhook.Attempt;
import dev.herald.core.webhook.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends failure emails on one thread of its own, with a bounded queue: a mail server that is slow or down (each
 * send may take the SMTP timeouts) delays only other emails, never a webhook attempt. When {@link #QUEUE} emails
 * are already waiting, a new one is dropped and logged; the delivery log still shows the failures.
 */
final class Notifications implements AutoCloseable {
    static final int QUEUE = 256;
    private static final Logger log = LoggerFactory.getLogger(Notifications.class);

    private final FailureNotifier notifier;
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, "herald-webhook-mail");
                t.setDaemon(true);
                return t;
            });

    Notifications(FailureNotifier notifier) {
        this.notifier = notifier;
        executor.allowCoreThreadTimeOut(true);
    }

    /** Queues one email; never blocks. */
    void notify(Endpoint endpoint, int failures, Attempt last) {
        try {
            executor.execute(() -> notifier.notify(endpoint, failures, last));
        } catch (RejectedExecutionException e) {
            log.atWarn().addKeyValue("endpoint", endpoint.id()).addKeyValue("failures", failures)
                    .log("failure email dropped: " + QUEUE + " are already waiting for the mail server");
        }
    }

    /** Emails waiting or being sent. */
    int depth() {
        return executor.getActiveCount() + executor.getQueue().size();
    }

    /** Gives an email being sent a moment to finish; queued ones are dropped. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
