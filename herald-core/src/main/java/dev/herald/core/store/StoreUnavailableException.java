package dev.herald.core.store;

/**
 * The durable store cannot be reached (database down, network cut, {@code store.timeout} exceeded). Whatever
 * the failed call was asked to write is not durable: an append that fails with this was not accepted, and may
 * be retried by the publisher. The HTTP edge answers {@code 503 store_unavailable}.
 */
public class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
