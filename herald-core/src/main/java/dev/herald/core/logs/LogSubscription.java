package dev.herald.core.logs;

/** One subscriber's place in the live log stream. */
public interface LogSubscription extends AutoCloseable {
    /** Stops delivery to the sink. Idempotent; callable from any thread. */
    void cancel();

    @Override
    default void close() {
        cancel();
    }
}
