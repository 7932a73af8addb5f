package dev.herald.store.postgres;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.herald.core.event.Event;
import dev.herald.core.event.NewEvent;
import dev.herald.core.json.Json;
import dev.herald.core.store.AppendResult;
import dev.herald.core.store.EventStore;
import dev.herald.core.store.OutboxEntry;
import dev.herald.core.webhook.WebhookOutbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One group of appends written in one open transaction, in a fixed number of round trips whatever its size:
 * lock the tenants' {@code tenant_seqs} rows (in tenant order, so two nodes never deadlock), look up which ids
 * already exist, insert the new events with the next seqs, read each tenant's endpoints once and insert the
 * deliveries, store the new last seqs. Because every append of a tenant holds its row lock until commit, seqs
 * are gap-free across nodes and a concurrent append of the same id sees the winner's row once it gets the lock.
 */
final class PgAppendTransaction {
    /** One queued append: its tenant and events. */
    record Request(String tenant, List<NewEvent> events) {
    }

    /** What the transaction wrote, for after its commit. */
    record Written(List<List<AppendResult>> results, List<Event> accepted, int deliveries) {
    }

    private record Existing(long seq, long acceptedMs) {
    }

    private PgAppendTransaction() {
    }

    static Written write(Connection c, List<Request> group) throws SQLException {
        long now = System.currentTimeMillis();
        long dedupeFrom = now - EventStore.DEDUPE_WINDOW.toMillis();
        TreeSet<String> tenants = new TreeSet<>();
        group.forEach(r -> tenants.add(r.tenant()));
        Map<String, Long> lastSeq = lockTenants(c, tenants);
        Map<String, Existing> existing = existingIds(c, group);

        List<List<AppendResult>> results = new ArrayList<>(group.size());
        List<Event> accepted = new ArrayList<>();
        List<String[]> expired = new ArrayList<>();
        for (Request r : group) {
            List<AppendResult> out = new ArrayList<>(r.events().size());
            for (NewEvent e : r.events()) {
                String key = r.tenant() + '\u0000' + e.id();
                Existing found = existing.get(key);
                if (found != null && found.acceptedMs() >= dedupeFrom) {
                    out.add(new AppendResult(e.id(), found.seq(), true));
                    continue;
                }
                if (found != null) {
                    expired.add(new String[] {r.tenant(), e.id()}); // outside the window the id is free again
                }
                long seq = lastSeq.merge(r.tenant(), 1L, Long::sum);
                existing.put(key, new Existing(seq, now));
                accepted.add(Event.accepted(e, r.tenant(), seq));
                out.add(new AppendResult(e.id(), seq, false));
            }
            results.add(out);
        }
        deleteExpired(c, expired);
        insertEvents(c, accepted, now);
        int deliveries = insertDeliveries(c, accepted, tenants, now);
        storeLastSeqs(c, lastSeq);
        return new Written(results, accepted, deliveries);
    }

    private static Map<String, Long> lockTenants(Connection c, TreeSet<String> tenants) throws SQLException {
        Array names = c.createArrayOf("text", tenants.toArray());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenant_seqs (tenant, last_seq)"
                + " SELECT t, 0 FROM unnest(?::text[]) AS t ORDER BY t ON CONFLICT (tenant) DO NOTHING")) {
            ps.setArray(1, names);
            ps.executeUpdate();
        }
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, last_seq FROM tenant_seqs"
                + " WHERE tenant = ANY(?) ORDER BY tenant FOR UPDATE")) {
            ps.setArray(1, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    private static Map<String, Existing> existingIds(Connection c, List<Request> group) throws SQLException {
        List<String> tenants = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Request r : group) {
            for (NewEvent e : r.events()) {
                tenants.add(r.tenant());
                ids.add(e.id());
            }
        }
        Map<String, Existing> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT e.tenant, e.id, e.seq, e.accepted_ms FROM events e"
                + " JOIN unnest(?::text[], ?::text[]) AS k(tenant, id) ON e.tenant = k.tenant AND e.id = k.id")) {
            ps.setArray(1, c.createArrayOf("text", tenants.toArray()));
            ps.setArray(2, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1) + '\u0000' + rs.getString(2), new Existing(rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    private static void deleteExpired(Connection c, List<String[]> expired) throws SQLException {
        if (expired.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE tenant = ? AND id = ?")) {
            for (String[] k : expired) {
                ps.setString(1, k[0]);
                ps.setString(2, k[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertEvents(Connection c, List<Event> accepted, long now) throws SQLException {
        if (accepted.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (tenant, seq, id, type, user_id,"
                + " resource_type, resource_id, ts_ms, data, accepted_ms) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            for (Event e : accepted) {
                ps.setString(1, e.tenant());
                ps.setLong(2, e.seq());
                ps.setString(3, e.id());
                ps.setString(4, e.type());
                ps.setString(5, e.user());
                ps.setString(6, e.resourceType());
                ps.setString(7, e.resourceId());
                ps.setLong(8, e.timestamp().toEpochMilli());
                ps.setString(9, e.dataJson());
                ps.setLong(10, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Reads the endpoints of the group's tenants inside the transaction, so an endpoint created or deleted on
     * another node counts from its commit on; then one pending delivery per matching endpoint and event.
     */
    private static int insertDeliveries(Connection c, List<Event> accepted, TreeSet<String> tenants, long now)
            throws SQLException {
        if (accepted.isEmpty()) {
            return 0;
        }
        Map<String, List<WebhookOutbox.Route>> routes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, tenant, event_types FROM webhook_endpoints WHERE tenant = ANY(?) AND disabled_ms IS NULL"
                        + " ORDER BY id")) {
            ps.setArray(1, c.createArrayOf("text", tenants.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> types = Json.MAPPER.readValue(rs.getString(3), new TypeReference<List<String>>() { });
                    routes.computeIfAbsent(rs.getString(2), t -> new ArrayList<>())
                            .add(new WebhookOutbox.Route(rs.getString(1), rs.getString(2), types));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("webhook_endpoints.event_types is not a JSON list: " + e.getMessage(), e);
            }
        }
        if (routes.isEmpty()) {
            return 0;
        }
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO webhook_deliveries (id, tenant, endpoint_id, event_id, event_type, body, status,"
                        + " attempt_count, next_attempt_ms, created_ms) VALUES (?,?,?,?,?,?,'pending',0,?,?)")) {
            for (Event event : accepted) {
                for (OutboxEntry e : WebhookOutbox.entriesForRoutes(event, routes.getOrDefault(event.tenant(), List.of()))) {
                    ps.setString(1, e.deliveryId());
                    ps.setString(2, e.tenant());
                    ps.setString(3, e.endpointId());
                    ps.setString(4, e.eventId());
                    ps.setString(5, e.eventType());
                    ps.setString(6, e.body());
                    ps.setLong(7, now);
                    ps.setLong(8, now);
                    ps.addBatch();
                    n++;
                }
            }
            if (n > 0) {
                ps.executeBatch();
            }
        }
        return n;
    }

    private static void storeLastSeqs(Connection c, Map<String, Long> lastSeq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tenant_seqs SET last_seq = ? WHERE tenant = ?")) {
            for (Map.Entry<String, Long> e : lastSeq.entrySet()) {
                ps.setLong(1, e.getValue());
                ps.setString(2, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
