package dev.herald.core.store;

import dev.herald.core.event.Event;
import dev.herald.core.event.NewEvent;

import java.util.List;

/**
 * The transactional outbox: what else an accepted event must write, in the same transaction as the event
 * itself (webhook deliveries). The store asks it once per newly accepted event (never for duplicates).
 *
 * <p>{@link #prepare} may be called first, on the appending thread. {@link #entriesFor} is called on the store's writer thread inside the open transaction: it must be fast
 * and must not block or touch the store. Throwing fails that append (the event is not accepted), so a
 * delivery is never lost while its event stands. {@link #committed} is called on the same thread after the
 * commit made {@code count > 0} entries durable, so their consumer can be woken.
 */
public interface Outbox {
    Outbox NONE = event -> List.of();

    List<OutboxEntry> entriesFor(Event event);

    /**
     * Work for {@code event} that needs no transaction, done by the store on the appending thread (a request's event
     * loop) before the append is queued for the writer, so that the writer thread does less per event: for webhooks,
     * the encoded body. Whatever it returns comes back in {@link #entriesFor(Event, Object)}; null when there is
     * nothing to prepare. Must be fast and must not block.
     */
    default Object prepare(String tenant, NewEvent event) {
        return null;
    }

    /**
     * {@link #entriesFor(Event)} with what {@link #prepare} returned for this event (null when nothing was prepared,
     * for instance because the endpoint was created after the append was queued).
     */
    default List<OutboxEntry> entriesFor(Event event, Object prepared) {
        return entriesFor(event);
    }

    default void committed(int count) {
    }
}
