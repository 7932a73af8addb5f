package dev.herald.core.store;

import java.util.function.Supplier;

/**
 * Secrets that every node of a deployment must share (the dev-mode JWT secret, the webhook sealing key),
 * kept where every node reads them. Blocking (I/O): never call on an event loop.
 */
public interface SharedSecrets {

    /**
     * The stored value of {@code name}; when there is none, stores {@code mint.get()} and returns it. Atomic
     * across nodes: when several nodes race, exactly one minted value is stored and every caller returns that
     * one (the losers' minted values are discarded). {@code mint} may be called even when it loses.
     *
     * @throws StoreUnavailableException when the store cannot be reached
     */
    String getOrCreate(String name, Supplier<String> mint);
}
