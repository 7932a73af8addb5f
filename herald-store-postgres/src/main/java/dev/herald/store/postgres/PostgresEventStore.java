package dev.herald.store.postgres;

import dev.herald.core.event.Event;
import dev.herald.core.event.NewEvent;
import dev.herald.core.store.AppendResult;
import dev.herald.core.store.EventStore;
import dev.herald.core.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The cluster's event log in PostgreSQL. Seqs are assigned in the database under a per-tenant row lock
 * ({@link PgAppendTransaction}), so every node draws from one gap-free sequence per tenant. One writer thread
 * commits whatever appends have queued up in one transaction (group commit); a failing group is retried append
 * by append, so one bad append fails only itself. Webhook deliveries are written in the same transaction, from
 * the endpoints as they stand in the database at that moment.
 *
 * <p>Failure: when the database cannot be reached, the group's appends fail with {@link
 * StoreUnavailableException} within {@code store.timeout}, and later appends fail at once until the health
 * probe sees the database again. A commit whose answer was lost is reported as failed although it may have
 * committed; a retry with the same id is then answered as a duplicate with its seq. The queue is bounded:
 * beyond {@link #DEFAULT_QUEUE} waiting appends, {@code append} fails at once.
 */
public final class PostgresEventStore implements EventStore {
    private static final Logger log = LoggerFactory.getLogger(PostgresEventStore.class);
    public static final int DEFAULT_QUEUE = 10_000;
    private static final int MAX_GROUP = 256;
    private static final int DEADLOCK_RETRIES = 3;

    private final PostgresDatabase db;
    private final BlockingQueue<Append> queue;
    private final Thread writer;
    private volatile Consumer<List<Event>> listener = events -> { };
    private volatile Runnable deliveriesCommitted = () -> { };
    private volatile boolean running = true;

    private record Append(PgAppendTransaction.Request request, CompletableFuture<List<AppendResult>> result) {
    }

    public PostgresEventStore(PostgresDatabase db) {
        this(db, DEFAULT_QUEUE);
    }

    public PostgresEventStore(PostgresDatabase db, int queueCapacity) {
        this.db = db;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.writer = new Thread(this::writeLoop, "herald-pg-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Called on the writer thread after a commit that wrote webhook deliveries, before the appends' futures
     * complete, so the dispatcher can be woken (the PostgreSQL counterpart of {@code Outbox.committed}). Must
     * not block.
     */
    public void onDeliveriesCommitted(Runnable wake) {
        this.deliveriesCommitted = wake;
    }

    @Override
    public CompletableFuture<List<AppendResult>> append(String tenant, List<NewEvent> events) {
        CompletableFuture<List<AppendResult>> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new IllegalStateException("event store is closed"));
        } else if (!db.healthy()) {
            f.completeExceptionally(new StoreUnavailableException("PostgreSQL is unavailable"));
        } else if (!queue.offer(new Append(new PgAppendTransaction.Request(tenant, List.copyOf(events)), f))) {
            // Overload, not an outage: the publisher is told to back off (429), the store is fine.
            f.completeExceptionally(new dev.herald.core.error.OverloadedException(queue.size()
                    + " appends are waiting for the event store"));
        }
        return f;
    }

    @Override
    public void onCommitted(Consumer<List<Event>> listener) {
        this.listener = listener;
    }

    private void writeLoop() {
        List<Append> group = new ArrayList<>(MAX_GROUP);
        try {
            while (running || !queue.isEmpty()) {
                Append first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                if (db.healthy()) {
                    commitGroup(group, 0);
                } else {
                    failAll(group, new StoreUnavailableException("PostgreSQL is unavailable"));
                }
                group.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("event store writer stopped", e);
            failAll(group, new IllegalStateException("event store writer stopped", e));
        } finally {
            List<Append> left = new ArrayList<>();
            queue.drainTo(left);
            failAll(left, new IllegalStateException("event store is closed"));
        }
    }

    private void commitGroup(List<Append> group, int attempt) {
        PgAppendTransaction.Written written;
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                written = PgAppendTransaction.write(c, group.stream().map(Append::request).toList());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            // An error of no known outage state is one still, if the database does not answer a fresh connection.
            if (Pg.unavailable(e) || !db.probeNow()) {
                db.markDown();
                RuntimeException failure = new StoreUnavailableException("append: PostgreSQL unavailable: " + e.getMessage(), e);
                failAll(group, failure);
                List<Append> waiting = new ArrayList<>();
                queue.drainTo(waiting); // they would wait for the same dead database: fail them now
                failAll(waiting, failure);
                return;
            }
            if (Pg.retryable(e) && attempt < DEADLOCK_RETRIES) {
                commitGroup(group, attempt + 1);
            } else if (group.size() == 1) {
                group.get(0).result.completeExceptionally(e instanceof SQLException s ? Pg.translate(db, "append", s) : e);
            } else {
                for (Append a : group) {
                    commitGroup(List.of(a), 0);
                }
            }
            return;
        }
        notifyListener(written.accepted());
        if (written.deliveries() > 0) {
            try {
                deliveriesCommitted.run();
            } catch (RuntimeException e) {
                log.error("waking the webhook dispatcher failed; it finds the deliveries on its next poll", e);
            }
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result.complete(written.results().get(i));
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is gone; the server rolls the transaction back
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

    private static void failAll(List<Append> appends, RuntimeException e) {
        for (Append a : appends) {
            a.result.completeExceptionally(e);
        }
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
        return query("SELECT * FROM events WHERE tenant = ? AND seq > ? ORDER BY seq LIMIT ?", ps -> {
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
                  FROM events e WHERE accepted_ms >= ?) r
                WHERE rn <= ? ORDER BY tenant, seq""", ps -> {
            ps.setLong(1, notBefore.toEpochMilli());
            ps.setInt(2, perTenant);
        });
    }

    /** From {@code tenant_seqs}, so a tenant keeps its last seq when its events are pruned. */
    @Override
    public Map<String, Long> lastSeqs() {
        return Pg.run(db, "reading last seqs", () -> {
            try (Connection c = db.connection();
                 PreparedStatement ps = c.prepareStatement("SELECT tenant, last_seq FROM tenant_seqs WHERE last_seq > 0");
                 ResultSet rs = ps.executeQuery()) {
                Map<String, Long> out = new HashMap<>();
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
                return out;
            }
        });
    }

    /** False while the database does not answer, or once the writer thread has stopped. */
    @Override
    public boolean healthy() {
        return writer.isAlive() && db.healthy();
    }

    /** tenant_seqs keeps each tenant's last seq, so pruning needs no bookkeeping of its own. */
    @Override
    public dev.herald.core.store.PruneBatch pruneBatch(Instant cutoff, int max) {
        return PgTx.run(db, "pruning events", c -> {
            long start = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE ctid = ANY(ARRAY("
                    + "SELECT ctid FROM events WHERE accepted_ms < ? LIMIT ? FOR UPDATE SKIP LOCKED))")) {
                ps.setLong(1, cutoff.toEpochMilli());
                ps.setInt(2, max);
                int n = ps.executeUpdate();
                return new dev.herald.core.store.PruneBatch(n, java.time.Duration.ofNanos(System.nanoTime() - start));
            }
        });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Event> query(String sql, Binder binder) {
        return Pg.run(db, "event store read", () -> {
            try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
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
            }
        });
    }

    /** Stops taking appends, commits what is queued, and stops the writer. Does not close the database. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(db.timeout().toMillis() + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
