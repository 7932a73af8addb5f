package dev.herald.store.sqlite;

import dev.herald.core.event.NewEvent;
import dev.herald.core.store.AppendResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's WAL checkpoints run beside the event writer, and the log still stays bounded under steady writes. */
class WalCheckpointerTest {
    private static final String DATA = "{\"pad\":\"" + "x".repeat(2000) + "\"}";

    @TempDir
    Path dir;

    @Test
    void underWritesThatNeverPauseTheLogStartsOverAndEverythingReachesTheDatabaseFile() throws Exception {
        SqliteDatabase db = new SqliteDatabase(dir);
        long written = 0;
        int events = 0;
        try (WalCheckpointer checkpoints = db.checkpointInBackground()) {
            SqliteEventStore store = new SqliteEventStore(db);
            try {
                // 8 appends always in flight, so the writer commits back to back and the log never gets a quiet moment
                // to be copied whole; left to a plain background checkpoint it would grow for as long as this runs.
                List<CompletableFuture<List<AppendResult>>> inFlight = new ArrayList<>();
                long deadline = System.nanoTime() + 120_000_000_000L;
                while ((written < 20_000_000 || restarts() < 2) && System.nanoTime() < deadline) {
                    List<NewEvent> batch = new ArrayList<>();
                    for (int j = 0; j < 50; j++) {
                        batch.add(new NewEvent("evt_" + events++, "t", null, null, null, Instant.EPOCH, DATA));
                    }
                    inFlight.add(store.append("acme", batch));
                    if (inFlight.size() == 8) {
                        inFlight.remove(0).get();
                    }
                    written += 50L * DATA.length();
                }
                for (CompletableFuture<List<AppendResult>> f : inFlight) {
                    f.get();
                }
            } finally {
                store.close();
            }
            assertThat(restarts()).isGreaterThanOrEqualTo(2);
            // The copying goes on after the writes stop, until the database file holds every event by itself.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (Files.size(dir.resolve("herald.db")) < written && System.nanoTime() < deadline) {
                Thread.sleep(WalCheckpointer.EVERY.toMillis());
            }
            assertThat(Files.size(dir.resolve("herald.db"))).isGreaterThanOrEqualTo(written);
        }
        try (Connection c = db.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(events);
        }
    }

    @Test
    void connectionsOpenedAfterItStartsLeaveCheckpointsToIt() throws Exception {
        SqliteDatabase db = new SqliteDatabase(dir);
        try (Connection before = db.open()) {
            assertThat(autocheckpoint(before)).isEqualTo(1000); // SQLite's default: the CLI keeps it
        }
        try (WalCheckpointer checkpoints = db.checkpointInBackground(); Connection after = db.open()) {
            assertThat(autocheckpoint(after)).isZero();
        }
    }

    /**
     * The log's checkpoint sequence number: bytes 12–15 of its header, one more each time the log starts over
     * (sqlite.org/fileformat2.html#walformat).
     */
    private long restarts() throws java.io.IOException {
        byte[] header = new byte[16];
        try (var in = Files.newInputStream(dir.resolve("herald.db-wal"))) {
            assertThat(in.readNBytes(header, 0, 16)).isEqualTo(16);
        }
        return java.nio.ByteBuffer.wrap(header, 12, 4).getInt() & 0xFFFFFFFFL;
    }

    private static int autocheckpoint(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_autocheckpoint")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
