package dev.herald.store.sqlite;

import dev.herald.core.error.OverloadedException;
import dev.herald.core.event.Event;
import dev.herald.core.event.NewEvent;
import dev.herald.core.store.AppendResult;
import dev.herald.core.store.EventStore;
import dev.herald.core.store.Outbox;
import dev.herald.core.store.StoreUnavailableException;
import dev.herald.core.store.OutboxEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The embedded event log. One writer thread owns the write connection and commits whatever appends have
 * queued up in one transaction, so under load one fsync covers many publishes (group commit). Reads use a
 * separate connection; WAL lets them run beside the writer. An {@link Outbox} adds its rows (webhook
 * deliveries) to the same transaction as the events they belong to. The queue in front of the writer is bounded:
 * an append that finds it full fails at once with {@link OverloadedException}.
 */
public final class SqliteEventStore implements EventStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteEventStore.class);
    private static final int MAX_GROUP = 256;
    /** Appends that may wait for the writer; more are refused at once rather than queued without end. */
    public static final int DEFAULT_QUEUE = 10_000;

    private final SqliteDatabase db;
    private final BlockingQueue<Append> queue;
    private final Map<String, Long> lastSeq = new HashMap<>();
    private final Thread writer;
    private final Connection readConnection;
    private volatile Consumer<List<Event>> listener = events -> { };
    private volatile boolean running = true;
    /** Set by the writer as it stops, before it fails what is queued: an append that sees it fails at once. */
    private volatile boolean writerStopped;
    private final Outbox outbox;
    /** Outbox rows written by the group being committed; touched by the writer thread only. */
    private int outboxRows;

    /** @param prepared what {@link Outbox#prepare} returned per event, on the appending thread; null: nothing */
    private record Append(String tenant, List<NewEvent> events, List<Object> prepared,
                          CompletableFuture<List<AppendResult>> result) {
    }

    public SqliteEventStore(SqliteDatabase db) {
        this(db, Outbox.NONE);
    }

    public SqliteEventStore(SqliteDatabase db, Outbox outbox) {
        this(db, outbox, DEFAULT_QUEUE);
    }

    /** @param queueCapacity appends that may wait for the writer; past it {@link #append} fails with {@link OverloadedException} */
    public SqliteEventStore(SqliteDatabase db, Outbox outbox, int queueCapacity) {
        this.db = db;
        this.outbox = outbox;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        try {
            this.readConnection = db.open();
            Connection write = db.open();
            write.setAutoCommit(false);
            loadLastSeqs(write);
            this.writer = new Thread(() -> writeLoop(write), "herald-store-writer");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open event store: " + e.getMessage(), e);
        }
        writer.setDaemon(true);
        writer.start();
    }

    private void loadLastSeqs(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(SqliteEventPruner.LAST_SEQS)) {
            while (rs.next()) {
                lastSeq.put(rs.getString(1), rs.getLong(2));
            }
        }
        c.commit();
    }

    @Override
    public CompletableFuture<List<AppendResult>> append(String tenant, List<NewEvent> events) {
        CompletableFuture<List<AppendResult>> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new IllegalStateException("event store is closed"));
            return f;
        }
        if (writerStopped) {
            f.completeExceptionally(writerGone());
            return f;
        }
        if (!queue.offer(new Append(tenant, List.copyOf(events), prepare(tenant, events), f))) {
            f.completeExceptionally(new OverloadedException(queue.size() + " appends are waiting for the event store"));
        } else if (writerStopped) {
            failQueued(); // the writer stopped between the check and the offer: nobody else will drain this
        }
        return f;
    }

    /**
     * The outbox's per-event work that needs no transaction (webhook bodies), here on the caller's thread rather than
     * the single writer's (issue #15).
     */
    private List<Object> prepare(String tenant, List<NewEvent> events) {
        List<Object> out = null;
        for (int i = 0; i < events.size(); i++) {
            Object p;
            try {
                p = outbox.prepare(tenant, events.get(i));
            } catch (RuntimeException e) {
                p = null; // entriesFor does it again inside the transaction, where a failure fails the append
            }
            if (p != null) {
                if (out == null) {
                    out = new ArrayList<>(java.util.Collections.nCopies(events.size(), null));
                }
                out.set(i, p);
            }
        }
        return out;
    }

    @Override
    public void onCommitted(Consumer<List<Event>> listener) {
        this.listener = listener;
    }

    /**
     * The writer. It stops when the store is closed, and also when it cannot go on: interrupted, its connection
     * unusable, or an unexpected error. Whatever it has not committed then fails with
     * {@link StoreUnavailableException} — the group in hand, everything queued, and every later append at once —
     * and {@link #healthy()} turns false, so {@code /health} says so and publishers get 503, never a hang.
     */
    private void writeLoop(Connection c) {
        List<Append> group = new ArrayList<>(MAX_GROUP);
        try (c; Statements st = new Statements(c)) {
            while (running || !queue.isEmpty()) {
                Append first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                commitGroup(c, st, group);
                group.clear();
                if (c.isClosed()) {
                    throw new SQLException("the writer's connection was closed");
                }
            }
        } catch (InterruptedException e) {
            log.error("event store writer interrupted; appends fail until restart");
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException | Error e) {
            log.error("event store writer stopped; appends fail until restart", e);
            if (e instanceof Error err) {
                throw err;
            }
        } finally {
            writerStopped = true;
            for (Append a : group) {
                a.result.completeExceptionally(writerGone()); // no-op for those already completed
            }
            failQueued();
        }
    }

    private StoreUnavailableException writerGone() {
        return new StoreUnavailableException(running ? "the event store's writer has stopped" : "event store is closed");
    }

    private void failQueued() {
        Append a;
        while ((a = queue.poll()) != null) {
            a.result.completeExceptionally(writerGone());
        }
    }

    /** Commits the whole group at once; if that fails, each append alone, so one bad append fails only itself. */
    private void commitGroup(Connection c, Statements st, List<Append> group) {
        Map<String, Long> before = new HashMap<>(lastSeq);
        List<List<AppendResult>> results = new ArrayList<>(group.size());
        List<Event> committed = new ArrayList<>();
        outboxRows = 0;
        Exception failure = null;
        java.util.concurrent.locks.Lock writers = db.writeLock();
        writers.lock(); // this process's other writers (webhook claims and records) wait in Java, not in SQLite's busy sleeps
        try {
            // Lock before the first read: another connection's commit in between would fail the upgrade.
            SqliteTx.takeWriteLock(c, "events");
            catchUp(st, group);
            for (Append a : group) {
                results.add(write(st, a, committed));
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(c, before);
            failure = e;
        } finally {
            writers.unlock();
        }
        if (failure != null) {
            if (group.size() == 1) {
                group.get(0).result.completeExceptionally(failure);
                return;
            }
            for (Append a : group) {
                commitGroup(c, st, List.of(a));
            }
            return;
        }
        notifyListener(committed);
        if (outboxRows > 0) {
            outbox.committed(outboxRows);
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result.complete(results.get(i));
        }
    }

    /**
     * Another process (or store instance) on the same file may have appended since: under the write lock, each
     * tenant of the group continues from the larger of what this store wrote and what the file holds. The
     * in-memory value wins when the file's newest events were pruned, so seqs never go back.
     */
    private void catchUp(Statements st, List<Append> group) throws SQLException {
        java.util.Set<String> tenants = new java.util.HashSet<>();
        for (Append a : group) {
            if (tenants.add(a.tenant)) {
                st.maxSeq.setString(1, a.tenant);
                try (ResultSet rs = st.maxSeq.executeQuery()) {
                    long stored = rs.next() ? rs.getLong(1) : 0;
                    lastSeq.merge(a.tenant, stored, Math::max);
                }
            }
        }
    }

    private void notifyListener(List<Event> committed) {
        if (committed.isEmpty()) {
            return;
        }
        try {
            listener.accept(committed);
        } catch (RuntimeException e) {
            log.error("commit listener failed; events are stored and recoverable by seq", e);
        }
    }

    private void rollback(Connection c, Map<String, Long> before) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.warn("rollback failed", e);
        }
        lastSeq.clear();
        lastSeq.putAll(before);
    }

    /** The writer's statements, prepared once for its connection. */
    private static final class Statements implements AutoCloseable {
        final PreparedStatement insert;
        final PreparedStatement find;
        final PreparedStatement expire;
        final PreparedStatement maxSeq;
        final PreparedStatement outbox;

        Statements(Connection c) throws SQLException {
            // Insert first and look up only on conflict: one statement per new event, the common case.
            insert = c.prepareStatement("INSERT INTO events (tenant, seq, id, type, user_id, resource_type, resource_id,"
                    + " ts_ms, data, accepted_ms) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (tenant, id) DO NOTHING");
            find = c.prepareStatement("SELECT seq, accepted_ms FROM events WHERE tenant = ? AND id = ?");
            expire = c.prepareStatement("DELETE FROM events WHERE tenant = ? AND id = ?");
            maxSeq = c.prepareStatement("SELECT MAX(COALESCE((SELECT MAX(seq) FROM events WHERE tenant = ?1), 0),"
                    + " COALESCE((SELECT last_seq FROM tenant_pruned_seqs WHERE tenant = ?1), 0))");
            outbox = c.prepareStatement(SqliteOutboxWriter.INSERT);
        }

        @Override
        public void close() throws SQLException {
            insert.close();
            find.close();
            expire.close();
            maxSeq.close();
            outbox.close();
        }
    }

    private List<AppendResult> write(Statements st, Append a, List<Event> committed) throws SQLException {
        List<AppendResult> out = new ArrayList<>(a.events.size());
        long now = System.currentTimeMillis();
        long dedupeFrom = now - DEDUPE_WINDOW.toMillis();
        for (int i = 0; i < a.events.size(); i++) {
            NewEvent e = a.events.get(i);
            long seq = lastSeq.getOrDefault(a.tenant, 0L) + 1;
            if (!insert(st, a.tenant, seq, e, now)) {
                st.find.setString(1, a.tenant);
                st.find.setString(2, e.id());
                long existingSeq;
                long acceptedAt;
                try (ResultSet rs = st.find.executeQuery()) {
                    rs.next();
                    existingSeq = rs.getLong(1);
                    acceptedAt = rs.getLong(2);
                }
                if (acceptedAt >= dedupeFrom) {
                    out.add(new AppendResult(e.id(), existingSeq, true));
                    continue;
                }
                // Outside the idempotency window the id is free again.
                st.expire.setString(1, a.tenant);
                st.expire.setString(2, e.id());
                st.expire.executeUpdate();
                insert(st, a.tenant, seq, e, now);
            }
            lastSeq.put(a.tenant, seq);
            Event accepted = Event.accepted(e, a.tenant, seq);
            List<OutboxEntry> entries = outbox.entriesFor(accepted, a.prepared == null ? null : a.prepared.get(i));
            SqliteOutboxWriter.insert(st.outbox, entries, now);
            outboxRows += entries.size();
            committed.add(accepted);
            out.add(new AppendResult(e.id(), seq, false));
        }
        return out;
    }

    /** True when the row was inserted, false when the id already exists for the tenant. */
    private static boolean insert(Statements st, String tenant, long seq, NewEvent e, long now) throws SQLException {
        PreparedStatement insert = st.insert;
        insert.setString(1, tenant);
        insert.setLong(2, seq);
        insert.setString(3, e.id());
        insert.setString(4, e.type());
        insert.setString(5, e.user());
        insert.setString(6, e.resourceType());
        insert.setString(7, e.resourceId());
        insert.setLong(8, e.timestamp().toEpochMilli());
        insert.setString(9, e.dataJson());
        insert.setLong(10, now);
        return insert.executeUpdate() == 1;
    }

    @Override
    public java.util.Optional<Event> find(String tenant, String id) {
        return query("SELECT * FROM events WHERE tenant = ? AND id = ?", ps -> {
            ps.setString(1, tenant);
            ps.setString(2, id);
        }).stream().findFirst();
    }

    @Override
    public List<Event> readAfter(String tenant, long afterSeq, int limit) {
        return query("SELECT * FROM events WHERE tenant = ? AND seq > ? ORDER BY seq LIMIT ?",
                ps -> {
                    ps.setString(1, tenant);
                    ps.setLong(2, afterSeq);
                    ps.setInt(3, limit);
                });
    }

    @Override
    public List<Event> recent(Instant notBefore, int perTenant) {
        return query("""
                SELECT * FROM (
                  SELECT e.*, ROW_NUMBER() OVER (PARTITION BY tenant ORDER BY seq DESC) AS rn
                  FROM events e WHERE accepted_ms >= ?)
                WHERE rn <= ? ORDER BY tenant, seq""",
                ps -> {
                    ps.setLong(1, notBefore.toEpochMilli());
                    ps.setInt(2, perTenant);
                });
    }

    /** Reads the file, so it includes other processes' appends. A tenant whose events were all pruned is absent. */
    @Override
    public Map<String, Long> lastSeqs() {
        synchronized (readConnection) {
            try (Statement st = readConnection.createStatement();
                 ResultSet rs = st.executeQuery(SqliteEventPruner.LAST_SEQS)) {
                Map<String, Long> out = new HashMap<>();
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
                return out;
            } catch (SQLException e) {
                throw new IllegalStateException("event store read failed: " + e.getMessage(), e);
            }
        }
    }

    /** False once the writer has stopped (closed, or died on an error it cannot recover from: see {@link #writeLoop}). */
    @Override
    public boolean healthy() {
        return !writerStopped && writer.isAlive();
    }

    @Override
    public dev.herald.core.store.PruneBatch pruneBatch(Instant cutoff, int max) {
        // Through the writer's queue would serialize with appends; a separate connection is fine in WAL mode.
        return SqliteEventPruner.pruneBatch(db, cutoff, max);
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Event> query(String sql, Binder binder) {
        synchronized (readConnection) {
            try (PreparedStatement ps = readConnection.prepareStatement(sql)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Event> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Event(rs.getString("id"), rs.getString("type"), rs.getString("tenant"),
                                rs.getString("user_id"), rs.getString("resource_type"), rs.getString("resource_id"),
                                Instant.ofEpochMilli(rs.getLong("ts_ms")), rs.getString("data"), rs.getLong("seq")));
                    }
                    return out;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("event store read failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (readConnection) {
            try {
                readConnection.close();
            } catch (SQLException e) {
                log.warn("closing read connection failed", e);
            }
        }
    }
}
