package dev.herald.core.store;

import java.time.Duration;

/**
 * What one pruning batch removed, and for how long it held the store's write lock (SQLite: the one writer the event
 * appends also wait for; PostgreSQL: the batch's transaction).
 *
 * @param rows rows deleted (for deliveries: deliveries and their attempts)
 */
public record PruneBatch(int rows, Duration held) {
    public static final PruneBatch NONE = new PruneBatch(0, Duration.ZERO);
}
