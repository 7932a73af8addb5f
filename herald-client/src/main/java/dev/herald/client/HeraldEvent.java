package dev.herald.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.OptionalLong;

/**
 * An event as Herald sent it.
 *
 * @param type      the event type
 * @param id        the event id ({@code evt_…}); null on Herald's own {@code system_status} events
 * @param seq       its place in the tenant's stream; empty on {@code system_status}, which is not stored
 * @param timestamp RFC 3339, as sent
 * @param data      the event's data object
 * @param json      the whole frame as received, e.g. to print or forward unchanged
 */
public record HeraldEvent(String type, String id, OptionalLong seq, String timestamp, JsonNode data, String json) {
}
