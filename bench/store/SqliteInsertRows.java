// sqlite-jdbc alone: CPU per event of the events INSERT (Herald's columns and unique id index) one row per statement vs 50.
import java.sql.*;
public class SqliteInsertRows {
  public static void main(String[] a) throws Exception {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 6; round++) for (int rows : new int[]{1, 50}) {
      java.io.File f = java.io.File.createTempFile("ins", ".db"); f.delete();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f)) {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA journal_mode=WAL"); s.execute("PRAGMA synchronous=OFF");
          s.execute("CREATE TABLE events (tenant TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, user_id TEXT, resource_type TEXT, resource_id TEXT, ts_ms INTEGER NOT NULL, data TEXT NOT NULL, accepted_ms INTEGER NOT NULL, PRIMARY KEY (tenant, seq), UNIQUE (tenant, id))");
        }
        c.setAutoCommit(false);
        StringBuilder sql = new StringBuilder("INSERT INTO events (tenant, seq, id, type, user_id, resource_type, resource_id, ts_ms, data, accepted_ms) VALUES ");
        for (int r = 0; r < rows; r++) sql.append(r == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?,?)");
        sql.append(" ON CONFLICT (tenant, id) DO NOTHING");
        PreparedStatement ps = c.prepareStatement(sql.toString());
        int n = 100_000; long seq = 0;
        long c0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i += rows) {
          int k = 1;
          for (int r = 0; r < rows; r++) {
            seq++;
            ps.setString(k++, "t1"); ps.setLong(k++, seq); ps.setString(k++, "evt_01JXYZABCDEFGHJKMNPQRS" + seq); ps.setString(k++, "bench.tick");
            ps.setString(k++, "u" + (seq % 10000)); ps.setString(k++, null); ps.setString(k++, null); ps.setLong(k++, 1764700000000L);
            ps.setString(k++, "{\"bench_ns\":123456789012,\"pad\":\"\"}"); ps.setLong(k++, 1764700000000L);
          }
          ps.executeUpdate();
          if (i % 10000 == 0) c.commit();
        }
        c.commit();
        System.out.printf("round %d rows/stmt %d: %.2f us CPU per event%n", round, rows, (mx.getCurrentThreadCpuTime() - c0) / 1e3 / n);
      }
      f.delete();
    }
  }
}
