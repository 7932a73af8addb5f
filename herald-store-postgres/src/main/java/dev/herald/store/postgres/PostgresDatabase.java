package dev.herald.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.core.store.StoreUnavailableException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * The cluster's PostgreSQL: a HikariCP pool, the schema migrated by Flyway ({@code db/migration/postgres}) at
 * open, and a health view. Every wait on the database is bounded by {@code store.timeout}: taking a connection
 * from the pool (Hikari {@code connectionTimeout}), connecting ({@code connectTimeout}), a statement
 * ({@code statement_timeout}) and a silent socket ({@code socketTimeout}, slightly longer, for a network that
 * drops packets). The password is never logged: it is kept out of every URL.
 *
 * <p>{@link #healthy()} is a cached flag: a failure that means the connection is lost marks it down at once, and
 * a daemon thread probes with a fresh connection (every 250 ms while down, every 2 s while up) and marks it up
 * again. Thread-safe.
 */
public final class PostgresDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);
    private static final int DEFAULT_POOL = 10;

    private final PostgresUrl url;
    private final Duration timeout;
    private final HikariDataSource pool;
    private final Thread prober;
    private final Object probeSignal = new Object();
    private volatile boolean healthy = true;
    private volatile boolean open = true;

    public PostgresDatabase(String url, Duration timeout) {
        this(url, timeout, DEFAULT_POOL);
    }

    /**
     * Opens the pool and migrates the schema.
     *
     * @throws StoreUnavailableException when the database cannot be reached within {@code timeout}
     */
    public PostgresDatabase(String url, Duration timeout, int poolSize) {
        this.url = PostgresUrl.parse(url);
        this.timeout = timeout.compareTo(Duration.ofMillis(500)) < 0 ? Duration.ofMillis(500) : timeout;
        HikariConfig config = new HikariConfig();
        config.setPoolName("herald-pg");
        config.setJdbcUrl(this.url.jdbcUrl());
        config.setUsername(this.url.user());
        config.setPassword(this.url.password());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(this.timeout.toMillis());
        config.setValidationTimeout(Math.max(250, this.timeout.toMillis() / 2));
        config.setInitializationFailTimeout(this.timeout.toMillis());
        config.setAutoCommit(true);
        config.setDataSourceProperties(driverProperties(this.timeout));
        config.setConnectionInitSql("SET statement_timeout = " + this.timeout.toMillis());
        try {
            this.pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot connect to PostgreSQL at " + this.url + ": " + e.getMessage(), e);
        }
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration/postgres")
                    .failOnMissingLocations(true).load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreUnavailableException("cannot migrate the schema at " + this.url + ": " + e.getMessage(), e);
        }
        this.prober = new Thread(this::probeLoop, "herald-pg-health");
        prober.setDaemon(true);
        prober.start();
        log.atInfo().addKeyValue("url", this.url.jdbcUrl()).log("PostgreSQL store open");
    }

    private static Properties driverProperties(Duration timeout) {
        Properties p = new Properties();
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        p.setProperty("connectTimeout", String.valueOf(seconds));
        p.setProperty("loginTimeout", String.valueOf(seconds));
        // A statement is cancelled by the server at store.timeout; the socket timeout only catches a dead network.
        p.setProperty("socketTimeout", String.valueOf(seconds + 1));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "herald");
        return p;
    }

    /** A pooled connection (auto-commit on); the caller closes it. Waits at most {@link #timeout()}. */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    public Duration timeout() {
        return timeout;
    }

    /** Whether the database answered the last probe and no call has lost its connection since. */
    public boolean healthy() {
        return healthy;
    }

    /** A call lost its connection: report unhealthy until the next successful probe, which runs soon. */
    void markDown() {
        if (healthy && open) {
            healthy = false;
            log.atWarn().addKeyValue("url", url.jdbcUrl()).log("PostgreSQL unavailable");
        }
        synchronized (probeSignal) {
            probeSignal.notifyAll();
        }
    }

    private void probeLoop() {
        while (open) {
            boolean up = probe();
            if (!open) {
                return; // closing: a failed probe now is our own doing, not an outage
            }
            if (up && !healthy) {
                log.atInfo().addKeyValue("url", url.jdbcUrl()).log("PostgreSQL available again");
                pool.getHikariPoolMXBean().softEvictConnections();
            } else if (!up && healthy) {
                log.atWarn().addKeyValue("url", url.jdbcUrl()).log("PostgreSQL unavailable");
            }
            healthy = up;
            synchronized (probeSignal) {
                try {
                    probeSignal.wait(up ? 2000 : 250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Whether the database answers a fresh connection right now. Blocking (at most ~2 s). */
    boolean probeNow() {
        return probe();
    }

    /** A fresh connection, not a pooled one: the pool may still hold connections the server has dropped. */
    private boolean probe() {
        Properties p = driverProperties(Duration.ofSeconds(Math.min(2, Math.max(1, timeout.toSeconds()))));
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), p)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        open = false;
        prober.interrupt();
        pool.close();
    }
}
