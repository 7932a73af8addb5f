package dev.herald.server.cluster;

import dev.herald.core.store.NodeDirectory;
import dev.herald.core.store.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * This node's entry in the cluster's {@link NodeDirectory}: a heartbeat every {@link #HEARTBEAT} with its URL
 * and connection count, on its own thread (the directory may be a database); a node is live while its last
 * heartbeat is younger than {@link #LIVE_WITHIN}. {@link #close} removes the entry (an orderly leave).
 */
public final class ClusterMembership implements AutoCloseable {
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    public static final Duration LIVE_WITHIN = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ClusterMembership.class);

    private final NodeDirectory directory;
    private final String nodeId;
    private volatile String url;
    private final LongSupplier connections;
    private final Instant startedAt = Instant.now();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean failing;

    public ClusterMembership(NodeDirectory directory, String nodeId, LongSupplier connections) {
        this.directory = directory;
        this.nodeId = nodeId;
        this.connections = connections;
    }

    /** Joins with the URL this node answers on. Blocking (the first heartbeat). */
    public void start(String url) {
        this.url = url;
        beat();
        timer.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            directory.heartbeat(new NodeInfo(nodeId, url, connections.getAsLong(), startedAt, Instant.now()));
            if (failing) {
                log.atInfo().log("cluster heartbeat works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.atWarn().setCause(e).log("cluster heartbeat failed; retrying");
                failing = true;
            }
        }
    }

    /** The live nodes, this one included once it has beaten. Blocking. */
    public List<NodeInfo> live() {
        return directory.live(LIVE_WITHIN);
    }

    public String nodeId() {
        return nodeId;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            directory.leave(nodeId);
        } catch (RuntimeException e) {
            log.atDebug().setCause(e).log("could not leave the cluster directory; the entry expires");
        }
    }
}
