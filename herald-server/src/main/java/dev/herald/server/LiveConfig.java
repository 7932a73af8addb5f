package dev.herald.server;

import dev.herald.core.event.EventParser;
import dev.herald.server.config.HeraldConfig;

/**
 * The configuration a node runs with now, and what is built from it alone (the event parser). One immutable
 * snapshot behind a volatile reference: a reader on any thread sees either the whole old configuration or the whole
 * new one, never a mix, and never waits. Only {@link ConfigReload} replaces it (SIGHUP); values that cannot change
 * without a restart stay as they were at start (see {@link dev.herald.server.config.ConfigDiff}).
 *
 * <p>Who reads what: values read at each use (keepalive at every sweep, limits and the parser at each request)
 * follow a reload at once; values a connection takes when it opens ({@code limits.client_queue_bytes},
 * {@code limits.client_message_rate}) apply to connections opened after it.
 */
public final class LiveConfig {
    private record Snapshot(HeraldConfig config, EventParser parser) {
    }

    private volatile Snapshot current;

    public LiveConfig(HeraldConfig config) {
        this.current = new Snapshot(config, new EventParser(config.limits().maxEventBytes()));
    }

    public HeraldConfig get() {
        return current.config();
    }

    /** The event parser for {@code limits.max_event_bytes} in force. */
    public EventParser parser() {
        return current.parser();
    }

    void set(HeraldConfig config) {
        Snapshot old = current;
        EventParser parser = old.config().limits().maxEventBytes() == config.limits().maxEventBytes()
                ? old.parser() : new EventParser(config.limits().maxEventBytes());
        current = new Snapshot(config, parser);
    }
}
