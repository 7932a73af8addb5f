package dev.herald.server.ws;

import dev.herald.core.auth.TokenIssuer;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.RawWsClient;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reconnect storm in miniature: ~500 {@code /ws/events}, {@code /ws/{user}} and {@code /sse/events} clients come
 * back with {@code since} (so each replays from the store, off the event loop) and leave in every way a connection can
 * end — reset while the upgrade is answered, reset mid-replay, a close frame mid-replay, 4008 for never reading, token
 * expiry (4004), keepalive timeout (4009), 1008 and 4003 from the server — some after subscribing twice with
 * {@code since}, unsubscribing everything and refreshing. Afterwards the hub holds exactly the connections still open ({@code herald_hub_subscribers}) and the
 * per-endpoint connection gauges agree: no session that ended stays registered for fan-out.
 */
class HubMembershipChurnTest {
    /**
     * Events the clients missed: more than history holds, so every replay reads the store, but less in all (with the
     * live ones sent while clients connect) than {@code client_queue_bytes}: a replay is written in one go, and one
     * larger than that closes even a client that reads (4008).
     */
    private static final int MISSED = 100;
    private static final String SMALL = "{\"blob\":\"" + "x".repeat(100) + "\"}";
    /** Live events: 1 KB, enough of them to overflow the clients that never read. */
    private static final String LARGE = "{\"blob\":\"" + "x".repeat(1000) + "\"}";
    private static final int PER_GROUP = 40;

    @Test
    void everyEndedSessionLeavesTheHubAndTheGaugesMatchTheOpenConnections() throws Exception {
        try (TestServer server = TestServer.start(Map.of(
                "history.size", "5",
                "limits.client_queue_bytes", "65536",
                "limits.socket_send_buffer", "65536",
                "limits.close_grace", "500ms",
                "limits.connections_per_user", "10000",
                "limits.connections_per_ip", "10000",
                "keepalive.interval", "500ms",
                "keepalive.timeout", "3s"))) {
            long since = publishMissed(server);
            String events = "/ws/events?since=" + since;
            List<WsClient> kept = new ArrayList<>();
            List<WsClient> keptUser = new ArrayList<>();
            List<AutoCloseable> toCloseLater = new ArrayList<>();
            try {
                for (int round = 0; round < PER_GROUP; round++) {
                    // Live events while replays read the store: held meanwhile, then sent after the replay.
                    publish(server, 2, SMALL);
                    // Reset before the server has answered the upgrade (a client giving up on a slow handshake).
                    resetDuringHandshake(server.port(), events, server.token("reset-early-" + round));
                    resetDuringHandshake(server.port(), "/ws/u" + round + "?since=" + since, server.token("u" + round));
                    resetDuringHandshake(server.port(), "/sse/events?since=" + since, server.token("sse-early-" + round));
                    // Reset right after the upgrade, while the replay reads the store.
                    RawWsClient.connect(server.port(), events, server.token("reset-mid-" + round), 0).abort();
                    resetAfterSseHeaders(server.port(), "/sse/events?since=" + since, server.token("sse-mid-" + round));
                    // A close frame mid-replay.
                    server.connect(events, server.token("close-mid-" + round)).close();
                    // Never reads: 4008 while the replay is written (its backlog passes client_queue_bytes).
                    toCloseLater.add(RawWsClient.connect(server.port(), events, server.token("slow-" + round), 4096));
                    // Token expires: closed 4004 by the server.
                    toCloseLater.add(server.connect(events, new TokenIssuer(TestServer.JWT_SECRET)
                            .issue("expiring-" + round, null, Duration.ofSeconds(1), List.of(), null)));
                    // Subscribes twice (two replays at once), unsubscribes everything, refreshes: stays open, registered.
                    WsClient busy = server.connect(events, server.token("busy-" + round));
                    busy.send("{\"action\":\"subscribe\",\"event_types\":[\"missed\"],\"since\":" + since + "}");
                    busy.send("{\"action\":\"subscribe\",\"event_types\":[\"missed\"],\"since\":" + since + "}");
                    busy.send("{\"action\":\"unsubscribe\",\"event_types\":[\"*\"]}");
                    busy.send("{\"action\":\"refresh\",\"token\":\"" + server.token("busy-" + round) + "\"}");
                    kept.add(busy);
                    keptUser.add(server.connect("/ws/k" + round + "?since=" + since, server.token("k" + round)));
                    // Server-initiated closes: a refresh for someone else (4003), a flood of invalid messages (1008).
                    WsClient impostor = server.connect(events, server.token("impostor-" + round));
                    impostor.send("{\"action\":\"refresh\",\"token\":\"" + server.token("someone-else") + "\"}");
                    toCloseLater.add(impostor);
                    if (round % 4 == 0) {
                        WsClient flooder = server.connect(events, server.token("flooder-" + round));
                        for (int i = 0; i < 21; i++) { // the 21st within 10 s closes it
                            flooder.send("not json");
                        }
                        toCloseLater.add(flooder);
                    }
                    // Stops answering pings: closed 4009 after keepalive.timeout.
                    if (round % 4 == 1) {
                        toCloseLater.add(RawWsClient.connect(server.port(), "/ws/events", server.token("mute-" + round), 0));
                    }
                }
                for (int i = 0; i < 10; i++) { // too much for those that never read: 4008
                    publish(server, 50, LARGE);
                }
                // Half of the long-lived ones leave too: a close frame for some, a reset for the others.
                for (int i = 0; i < kept.size(); i += 2) {
                    kept.get(i).close();
                }
                for (int i = 1; i < keptUser.size(); i += 4) {
                    keptUser.get(i).close();
                }
                var seen = new java.util.concurrent.atomic.AtomicReference<String>();
                try {
                    Eventually.until("the hub holds exactly the open connections and the gauges agree",
                            Duration.ofSeconds(60), () -> {
                                long openEvents = kept.stream().filter(c -> !c.isClosed()).count();
                                long openUser = keptUser.stream().filter(c -> !c.isClosed()).count();
                                String metrics = server.api(null).get("/metrics").body();
                                long hub = gauge(metrics, "herald_hub_subscribers");
                                long wsEvents = gauge(metrics, "herald_connections{endpoint=\"/ws/events\"}");
                                long wsUser = gauge(metrics, "herald_connections{endpoint=\"/ws/{user}\"}");
                                long sse = gauge(metrics, "herald_connections{endpoint=\"/sse/events\"}");
                                seen.set("open /ws/events " + openEvents + ", /ws/{user} " + openUser + "; hub " + hub
                                        + ", gauges /ws/events " + wsEvents + ", /ws/{user} " + wsUser + ", /sse/events " + sse);
                                return hub == openEvents + openUser && wsEvents == openEvents && wsUser == openUser && sse == 0;
                            });
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; last seen: " + seen.get(), e);
                }

                assertThat(gauge(server.api(null).get("/metrics").body(), "herald_slow_consumer_disconnects_total"))
                        .as("clients that never read were closed 4008").isPositive();

                // Those still registered still get events: the hub kept them, not a stale copy.
                WsClient probe = kept.stream().filter(c -> !c.isClosed()).findFirst().orElseThrow();
                probe.send("{\"action\":\"subscribe\",\"event_types\":[\"after\"]}");
                probe.nextOfType("subscribed");
                server.api().publishEvent("after", "{}");
                assertThat(probe.nextOfType("after")).isNotNull();
            } finally {
                kept.forEach(WsClient::close);
                keptUser.forEach(WsClient::close);
                for (AutoCloseable c : toCloseLater) {
                    c.close();
                }
            }
            Eventually.until("the hub is empty once every client has gone", Duration.ofSeconds(30),
                    () -> gauge(server.api(null).get("/metrics").body(), "herald_hub_subscribers") == 0);
        }
    }

    /** Publishes what the clients will have missed; returns the seq they resume after. */
    private static long publishMissed(TestServer server) {
        long first = publish(server, 50, SMALL);
        for (int sent = 50; sent < MISSED; sent += 50) {
            publish(server, 50, SMALL);
        }
        return first - 1;
    }

    /** Publishes {@code n} events of type {@code missed}; returns the first one's seq. */
    private static long publish(TestServer server, int n, String data) {
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int j = 0; j < n; j++) {
            batch.append(j == 0 ? "" : ",").append("{\"type\":\"missed\",\"data\":").append(data).append('}');
        }
        var response = server.api().publish(batch.append("]}").toString());
        assertThat(response.status()).isEqualTo(202);
        return response.json().path("events").get(0).path("seq").asLong();
    }

    /** Sends the request and resets the connection at once, without reading the answer. */
    private static void resetDuringHandshake(int port, String pathAndQuery, String token) throws IOException {
        Socket s = send(port, pathAndQuery, token);
        s.setSoLinger(true, 0);
        s.close();
    }

    /** Opens an event stream, waits for its headers (the replay has started) and resets the connection. */
    private static void resetAfterSseHeaders(int port, String pathAndQuery, String token) throws IOException {
        Socket s = send(port, pathAndQuery, token);
        var in = s.getInputStream();
        int b = in.read();
        assertThat(b).as("the stream answers").isNotNegative();
        s.setSoLinger(true, 0);
        s.close();
    }

    private static Socket send(int port, String pathAndQuery, String token) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(15_000);
        boolean ws = pathAndQuery.startsWith("/ws/");
        String req = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + (ws ? "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: aGVyYWxkLXJhdy1jbGllbnQ=\r\n"
                + "Sec-WebSocket-Version: 13\r\n" : "Accept: text/event-stream\r\n")
                + "Authorization: Bearer " + token + "\r\n\r\n";
        OutputStream out = s.getOutputStream();
        out.write(req.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    private static long gauge(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
