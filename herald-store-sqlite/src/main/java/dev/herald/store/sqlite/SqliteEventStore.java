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
    /**
     * Rows per multi-row INSERT, largest first (issue #15: one statement for 32 events cost ~2.3 µs of CPU per event
     * against ~5.4 µs for one per event, measured with sqlite-jdbc alone).
     */
    private static final int[] CHUNKS = {32, 8};
    private static final int COLUMNS = 10;
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
            results.addAll(write(st, group, committed));
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
        /** The same INSERT for {@link #CHUNKS} rows at once, by size. */
        final Map<Integer, PreparedStatement> insertMany = new HashMap<>();
        final PreparedStatement deleteSeq;
        final PreparedStatement find;
        final PreparedStatement expire;
        final PreparedStatement maxSeq;
        final PreparedStatement outbox;

        Statements(Connection c) throws SQLException {
            // Insert first and look up only on conflict: one statement per new event, the common case.
            insert = c.prepareStatement(insertSql(1));
            for (int rows : CHUNKS) {
                insertMany.put(rows, c.prepareStatement(insertSql(rows)));
            }
            deleteSeq = c.prepareStatement("DELETE FROM events WHERE tenant = ? AND seq = ?");
            find = c.prepareStatement("SELECT seq, accepted_ms FROM events WHERE tenant = ? AND id = ?");
            expire = c.prepareStatement("DELETE FROM events WHERE tenant = ? AND id = ?");
            maxSeq = c.prepareStatement("SELECT MAX(COALESCE((SELECT MAX(seq) FROM events WHERE tenant = ?1), 0),"
                    + " COALESCE((SELECT last_seq FROM tenant_pruned_seqs WHERE tenant = ?1), 0))");
            outbox = c.prepareStatement(SqliteOutboxWriter.INSERT);
        }

        @Override
        public void close() throws SQLException {
            insert.close();
            for (PreparedStatement ps : insertMany.values()) {
                ps.close();
            }
            deleteSeq.close();
            find.close();
            expire.close();
            maxSeq.close();
            outbox.close();
        }
    }

    private static String insertSql(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO events (tenant, seq, id, type, user_id, resource_type, resource_id,"
                + " ts_ms, data, accepted_ms) VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?,?)");
        }
        return sql.append(" ON CONFLICT (tenant, id) DO NOTHING").toString();
    }

    /**
     * Writes the group's events in order: as many as possible {@link #CHUNKS} rows per INSERT, the rest one by one.
     * A chunk in which some id was already taken (a retry, or an id twice in the chunk) is undone and written one by
     * one, so that duplicates take no seq and are answered as such.
     */
    private List<List<AppendResult>> write(Statements st, List<Append> group, List<Event> committed) throws SQLException {
        long now = System.currentTimeMillis();
        List<long[]> rows = new ArrayList<>(); // {append, event}
        List<AppendResult[]> out = new ArrayList<>(group.size());
        for (int g = 0; g < group.size(); g++) {
            int n = group.get(g).events.size();
            out.add(new AppendResult[n]);
            for (int i = 0; i < n; i++) {
                rows.add(new long[] {g, i});
            }
        }
        int next = 0;
        while (next < rows.size()) {
            int size = chunkSize(rows.size() - next);
            List<long[]> chunk = rows.subList(next, next + size);
            long[] seqs = size > 1 ? insertChunk(st, group, chunk, now) : null;
            for (int j = 0; j < size; j++) {
                Append a = group.get((int) chunk.get(j)[0]);
                int i = (int) chunk.get(j)[1];
                out.get((int) chunk.get(j)[0])[i] = seqs != null
                        ? accepted(st, a, i, seqs[j], now, committed)
                        : writeOne(st, a, i, now, committed);
            }
            next += size;
        }
        List<List<AppendResult>> results = new ArrayList<>(out.size());
        for (AppendResult[] r : out) {
            results.add(java.util.Arrays.asList(r));
        }
        return results;
    }

    private static int chunkSize(int left) {
        for (int rows : CHUNKS) {
            if (left >= rows) {
                return rows;
            }
        }
        return 1;
    }

    /** The seqs given to the chunk's rows, or null when some id was taken and the chunk was undone. */
    private long[] insertChunk(Statements st, List<Append> group, List<long[]> chunk, long now) throws SQLException {
        PreparedStatement ps = st.insertMany.get(chunk.size());
        Map<String, Long> before = new HashMap<>(4);
        long[] seqs = new long[chunk.size()];
        for (int j = 0; j < chunk.size(); j++) {
            Append a = group.get((int) chunk.get(j)[0]);
            long last = lastSeq.getOrDefault(a.tenant, 0L);
            before.putIfAbsent(a.tenant, last);
            seqs[j] = last + 1;
            lastSeq.put(a.tenant, seqs[j]);
            bind(ps, j * COLUMNS, a.tenant, seqs[j], a.events.get((int) chunk.get(j)[1]), now);
        }
        if (ps.executeUpdate() == chunk.size()) {
            return seqs;
        }
        for (int j = 0; j < chunk.size(); j++) {
            st.deleteSeq.setString(1, group.get((int) chunk.get(j)[0]).tenant);
            st.deleteSeq.setLong(2, seqs[j]);
            st.deleteSeq.executeUpdate();
        }
        lastSeq.putAll(before);
        return null;
    }

    /** One event alone: inserted, or answered as a duplicate of the one its id names (within the idempotency window). */
    private AppendResult writeOne(Statements st, Append a, int i, long now, List<Event> committed) throws SQLException {
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
            if (acceptedAt >= now - DEDUPE_WINDOW.toMillis()) {
                return new AppendResult(e.id(), existingSeq, true);
            }
            // Outside the idempotency window the id is free again.
            st.expire.setString(1, a.tenant);
            st.expire.setString(2, e.id());
            st.expire.executeUpdate();
            insert(st, a.tenant, seq, e, now);
        }
        return accepted(st, a, i, seq, now, committed);
    }

    /** An inserted event: its seq taken, its outbox rows written, handed to the commit listener once committed. */
    private AppendResult accepted(Statements st, Append a, int i, long seq, long now, List<Event> committed) throws SQLException {
        NewEvent e = a.events.get(i);
        lastSeq.put(a.tenant, seq);
        Event accepted = Event.accepted(e, a.tenant, seq);
        List<OutboxEntry> entries = outbox.entriesFor(accepted, a.prepared == null ? null : a.prepared.get(i));
        SqliteOutboxWriter.insert(st.outbox, entries, now);
        outboxRows += entries.size();
        committed.add(accepted);
        return new AppendResult(e.id(), seq, false);
    }

    /** True when the row was inserted, false when the id already exists for the tenant. */
    private static boolean insert(Statements st, String tenant, long seq, NewEvent e, long now) throws SQLException {
        bind(st.insert, 0, tenant, seq, e, now);
        return st.insert.executeUpdate() == 1;
    }

    private static void bind(PreparedStatement ps, int offset, String tenant, long seq, NewEvent e, long now)
            throws SQLException {
        ps.setString(offset + 1, tenant);
        ps.setLong(offset + 2, seq);
        ps.setString(offset + 3, e.id());
        ps.setString(offset + 4, e.type());
        ps.setString(offset + 5, e.user());
        ps.setString(offset + 6, e.resourceType());
        ps.setString(offset + 7, e.resourceId());
        ps.setLong(offset + 8, e.timestamp().toEpochMilli());
        ps.setString(offset + 9, e.dataJson());
        ps.setLong(offset + 10, now);
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
