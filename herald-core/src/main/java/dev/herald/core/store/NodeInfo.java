package dev.herald.core.store;

import java.time.Instant;

/**
 * One cluster node as it last announced itself.
 *
 * @param url           where an operator reaches it (its advertised base URL)
 * @param connections   open client connections at the last heartbeat
 * @param lastHeartbeat when the store received the last heartbeat (the store's clock, not the node's)
 */
public record NodeInfo(String nodeId, String url, long connections, Instant startedAt, Instant lastHeartbeat) {
}
