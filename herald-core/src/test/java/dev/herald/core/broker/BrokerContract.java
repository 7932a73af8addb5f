package dev.herald.core.broker;

import dev.herald.core.hub.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link Broker} guarantees. An implementation's test extends this and makes brokers ("nodes")
 * that share one infrastructure; {@link #supportsSeveralNodes()} says whether two of them reach each other
 * (the memory broker does not: those cases are skipped).
 *
 * <p>Frames are tagged with a tenant unique to the test, so brokers on a shared server ignore each other's
 * leftovers. "Each once" is checked after a fence: a frame from a third node that, once it arrives, proves
 * that any echo of earlier frames would have arrived too.
 */
public abstract class BrokerContract {
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Broker> opened = new ArrayList<>();
    private Node fence;

    /** A broker for node {@code nodeId}, not started, on the same infrastructure as every other it makes. */
    protected abstract Broker newBroker(String nodeId) throws Exception;

    protected abstract String expectedKind();

    /** Whether brokers made by {@link #newBroker} deliver to each other. */
    protected abstract boolean supportsSeveralNodes();

    /** A started broker with a recording sink, healthy. */
    protected final Node node(String nodeId) throws Exception {
        Broker b = newBroker(nodeId + "-" + run);
        opened.add(b);
        Recorder sink = new Recorder();
        b.start(sink::accept);
        until(nodeId + " healthy", b::healthy);
        return new Node(b, sink);
    }

    @AfterEach
    void closeBrokers() {
        opened.forEach(Broker::close);
    }

    protected final String tenant(String name) {
        return run + "-" + name;
    }

    protected static Frame frame(String tenant, long seq) {
        return Frame.of(tenant, null, "test.event", seq, "{\"type\":\"test.event\",\"data\":{},\"seq\":" + seq + "}");
    }

    @Test
    void aStartedBrokerIsHealthyAndNamesItsKind() throws Exception {
        Node a = node("a");
        assertThat(a.broker.healthy()).isTrue();
        assertThat(a.broker.kind()).isEqualTo(expectedKind());
    }

    @Test
    void aNodesOwnFramesReachItsSinkOnceInPublishOrder() throws Exception {
        Node a = node("a");
        Node witness = supportsSeveralNodes() ? node("witness") : null;
        List<Frame> published = publishBatches(a, tenant("t"), 1, 60);
        Predicate<Frame> mine = f -> tenant("t").equals(f.tenant());
        until("a has its own frames", () -> a.sink.count(mine) >= published.size());
        if (witness != null) {
            until("the witness has them", () -> witness.sink.count(mine) >= published.size());
            awaitFence(a);
        }
        assertThat(a.sink.keys(mine)).containsExactlyElementsOf(keys(published));
    }

    @Test
    void framesPublishedOnOneNodeReachAnotherInOrderEachOnceAndTheirOriginOnce() throws Exception {
        assumeTrue(supportsSeveralNodes(), "a single-node broker");
        Node a = node("a");
        Node b = node("b");
        List<Frame> published = new ArrayList<>();
        long seq1 = 0;
        long seq2 = 0;
        for (int i = 0; i < 80; i++) {
            List<Frame> batch = new ArrayList<>();
            for (int j = 0; j <= i % 5; j++) {
                batch.add((i + j) % 3 == 0 ? frame(tenant("t2"), ++seq2) : frame(tenant("t1"), ++seq1));
            }
            a.broker.publish(batch);
            published.addAll(batch);
        }
        Predicate<Frame> ours = f -> f.tenant() != null && f.tenant().startsWith(tenant("t"));
        until("b has every frame", () -> b.sink.count(ours) >= published.size());
        awaitFence(a, b);
        for (String t : List.of(tenant("t1"), tenant("t2"))) {
            Predicate<Frame> ofT = f -> t.equals(f.tenant());
            List<String> expected = keys(published.stream().filter(ofT).collect(Collectors.toList()));
            assertThat(b.sink.keys(ofT)).as("on b, " + t).containsExactlyElementsOf(expected);
            assertThat(a.sink.keys(ofT)).as("on a, " + t).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void systemFramesReachEveryNodeOnce() throws Exception {
        Node a = node("a");
        Node b = supportsSeveralNodes() ? node("b") : null;
        Frame status = Frame.systemStatus("draining", "node-" + run, Instant.parse("2026-01-01T00:00:00Z"));
        a.broker.publish(List.of(status, frame(tenant("t"), 1)));
        Predicate<Frame> ours = f -> f.isSystem() && f.text().contains(run);
        until("a has the system frame", () -> a.sink.count(ours) >= 1);
        if (b != null) {
            until("b has the system frame", () -> b.sink.count(ours) >= 1);
            awaitFence(a, b);
            assertThat(b.sink.keys(ours)).containsExactly(key(status));
        }
        assertThat(a.sink.keys(ours)).containsExactly(key(status));
    }

    @Test
    void closingTwiceIsHarmlessAndAClosedBrokerDeliversNothing() throws Exception {
        Node a = node("a");
        a.broker.close();
        a.broker.close();
        a.broker.publish(List.of(frame(tenant("t"), 1)));
        assertThat(a.sink.count(f -> true)).isZero();
    }

    /** Publishes {@code batches} batches of 1 to 4 frames for {@code tenant}, seq from {@code firstSeq}. */
    protected static List<Frame> publishBatches(Node node, String tenant, long firstSeq, int batches) {
        List<Frame> published = new ArrayList<>();
        long seq = firstSeq;
        for (int i = 0; i < batches; i++) {
            List<Frame> batch = new ArrayList<>();
            for (int j = 0; j <= i % 4; j++) {
                batch.add(frame(tenant, seq++));
            }
            node.broker.publish(batch);
            published.addAll(batch);
        }
        return published;
    }

    /**
     * Sends a frame from a third node and waits until each of {@code nodes} has it. Call it once some other
     * node has received everything under test: the server has then handled those publishes, so any echo of
     * them reaches a node before the fence does.
     */
    protected final void awaitFence(Node... nodes) throws Exception {
        if (fence == null) {
            fence = node("fence");
        }
        Frame f = Frame.of(tenant("fence"), null, "test.fence", 1, "{\"fence\":\"" + UUID.randomUUID() + "\"}");
        fence.broker.publish(List.of(f));
        for (Node n : nodes) {
            until("the fence reaches a node", () -> n.sink.count(g -> g.text().equals(f.text())) == 1);
        }
    }

    protected static List<String> keys(List<Frame> frames) {
        return frames.stream().map(BrokerContract::key).collect(Collectors.toList());
    }

    private static String key(Frame f) {
        return f.tenant() + "|" + f.user() + "|" + f.type() + "|" + f.seq() + "|" + f.text();
    }

    /** Polls {@code condition} until it holds; fails after 15 s. */
    protected static void until(String what, BooleanSupplier condition) {
        until(what, Duration.ofSeconds(15), condition);
    }

    protected static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** A started broker and what its sink received. */
    protected static final class Node {
        public final Broker broker;
        public final Recorder sink;

        Node(Broker broker, Recorder sink) {
            this.broker = broker;
            this.sink = sink;
        }
    }

    /** A sink that keeps every frame and the name of each thread that delivered some. */
    protected static final class Recorder {
        private final List<Frame> frames = new ArrayList<>();
        private final java.util.Set<String> threads = new java.util.LinkedHashSet<>();

        synchronized void accept(List<Frame> batch) {
            frames.addAll(batch);
            threads.add(Thread.currentThread().getName());
        }

        public synchronized int count(Predicate<Frame> which) {
            return (int) frames.stream().filter(which).count();
        }

        public synchronized List<String> keys(Predicate<Frame> which) {
            return frames.stream().filter(which).map(BrokerContract::key).collect(Collectors.toList());
        }

        public synchronized List<String> threads() {
            return List.copyOf(threads);
        }
    }
}
