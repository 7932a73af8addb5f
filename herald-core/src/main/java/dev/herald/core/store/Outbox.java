package dev.herald.core.store;

import dev.herald.core.event.Event;

import java.util.List;

/**
 * The transactional outbox: what else an accepted event must write, in the same transaction as the event
 * itself (webhook deliveries). The store asks it once per newly accepted event (never for duplicates).
 *
 * <p>{@link #entriesFor} is called on the store's writer thread inside the open transaction: it must be fast
 * and must not block or touch the store. Throwing fails that append (the event is not accepted), so a
 * delivery is never lost while its event stands. {@link #committed} is called on the same thread after the
 * commit made {@code count > 0} entries durable, so their consumer can be woken.
 */
public interface Outbox {
    Outbox NONE = event -> List.of();

    List<OutboxEntry> entriesFor(Event event);

    default void committed(int count) {
    }
}
