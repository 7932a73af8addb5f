package dev.herald.bench.load;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one generator run does, from {@code --key value} arguments. Phases run in order: connect
 * {@code connections} subscribers (and measure the server's memory if {@code serverPid} is set), warm up, a
 * closed-loop saturation phase when {@code saturateSeconds > 0}, then one fixed-rate phase per entry of
 * {@code rates}; {@code holdSeconds} keeps the connections open after the memory reading (to inspect the server
 * with {@code jcmd}); {@code idleSteps} (e.g. 5000,10000,19900) opens the connections in steps and reads the memory
 * after each, so the marginal cost of a connection can be told from the fixed cost of a warmed-up server.
 * {@code stall} subscribers stop reading before the last fixed-rate phase (the slow-consumer scenario).
 * Saturation goes first because an overloaded fixed-rate phase leaves a backlog behind it. {@code churn} rounds
 * instead close every connection at once and open them all again (see {@link Churn}). {@code idleCurve} (e.g.
 * 3,10,30) reads the server's RSS that many seconds after the connections are open, as it is (no GC forced);
 * {@code idleWarm} connections are opened and closed before its baseline (a server that has served before: the
 * JIT code and classes of the connection path are then in the baseline, not counted per connection).
 * {@code publishConnections} keep-alive connections carry the publisher's requests, {@code pipeline} at most on each
 * (HTTP/1.1 pipelining); {@code transport} is {@code auto} (native epoll when it loads), {@code epoll} or {@code nio}.
 */
record LoadOptions(
        String label,
        List<URI> wsUrls,
        URI publishUrl,
        String apiKey,
        String jwtSecret,
        int connections,
        List<String> sourceAddresses,
        List<Double> rates,
        int batch,
        int durationSeconds,
        int warmupSeconds,
        int saturateSeconds,
        int saturateBatch,
        int inflight,
        int payloadBytes,
        int ioThreads,
        List<Long> serverPids,
        List<Long> infraPids,
        boolean publishOnly,
        boolean socketIo,
        boolean route,
        int holdSeconds,
        List<Integer> idleSteps,
        int stall,
        int churn,
        URI metricsUrl,
        List<Integer> idleCurve,
        int idleWarm,
        int publishConnections,
        int pipeline,
        String transport) {

    static LoadOptions parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (!k.startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + k);
            }
            if (k.equals("--publish-only") || k.equals("--route")) {
                m.put(k.substring(2), "true");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(k + " needs a value");
            }
            m.put(k.substring(2), args[++i]);
        }
        // --server A,B,C (and --ws-url A,B,C): subscriber i connects to the (i mod n)-th; events go to the first.
        List<String> bases = list(m.getOrDefault("server", "http://127.0.0.1:8080"));
        String base = bases.get(0);
        String wsDefault = String.join(",", bases.stream().map(b -> b.replaceFirst("^http", "ws") + "/ws/events").toList());
        return new LoadOptions(
                m.getOrDefault("label", "server"),
                list(m.getOrDefault("ws-url", wsDefault)).stream().map(URI::create).toList(),
                URI.create(m.getOrDefault("publish-url", base + "/api/v1/events")),
                m.getOrDefault("api-key", ""),
                m.getOrDefault("jwt-secret", "bench-secret-bench-secret-bench-secret!"),
                Integer.parseInt(m.getOrDefault("connections", "0")),
                // Loopback source addresses: beyond ~28k connections one address runs out of ephemeral ports.
                list(m.getOrDefault("sources", "")),
                rates(m.getOrDefault("rate", "")),
                Integer.parseInt(m.getOrDefault("batch", "1")),
                Integer.parseInt(m.getOrDefault("duration", "20")),
                Integer.parseInt(m.getOrDefault("warmup", "5")),
                Integer.parseInt(m.getOrDefault("saturate", "0")),
                Integer.parseInt(m.getOrDefault("saturate-batch", "5")),
                Integer.parseInt(m.getOrDefault("inflight", "4")),
                Integer.parseInt(m.getOrDefault("payload", "32")),
                Integer.parseInt(m.getOrDefault("io-threads", "1")),
                list(m.getOrDefault("server-pid", "")).stream().map(Long::parseLong).filter(p -> p > 0).toList(),
                list(m.getOrDefault("infra-pid", "")).stream().map(Long::parseLong).filter(p -> p > 0).toList(),
                Boolean.parseBoolean(m.getOrDefault("publish-only", "false")),
                m.getOrDefault("protocol", "ws").equals("socketio"),
                Boolean.parseBoolean(m.getOrDefault("route", "false")),
                Integer.parseInt(m.getOrDefault("hold", "0")),
                rates(m.getOrDefault("idle-steps", "")).stream().map(Double::intValue).toList(),
                Integer.parseInt(m.getOrDefault("stall", "0")),
                Integer.parseInt(m.getOrDefault("churn", "0")),
                URI.create(m.getOrDefault("metrics-url", base + "/metrics")),
                rates(m.getOrDefault("idle-curve", "")).stream().map(Double::intValue).toList(),
                Integer.parseInt(m.getOrDefault("idle-warm", "0")),
                // Keep-alive connections for publishing (default: one per request in flight), requests per connection.
                Integer.parseInt(m.getOrDefault("publish-connections", m.getOrDefault("inflight", "4"))),
                Integer.parseInt(m.getOrDefault("pipeline", "1")),
                m.getOrDefault("transport", "auto"));
    }

    /** The first server process (0: none); CPU is summed over all of {@link #serverPids()}, memory too. */
    long serverPid() {
        return serverPids.isEmpty() ? 0 : serverPids.get(0);
    }

    /** Fixed publish rates in events/s, one measured phase each, in the order given. */
    private static List<Double> rates(String csv) {
        List<Double> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank() && Double.parseDouble(s) > 0) {
                out.add(Double.parseDouble(s));
            }
        }
        return out;
    }

    /** A comma-separated list (loopback source addresses, server URLs, pids). */
    private static List<String> list(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
