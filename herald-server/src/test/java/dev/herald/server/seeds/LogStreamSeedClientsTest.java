package dev.herald.server.seeds;

import dev.herald.core.auth.TokenIssuer;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.LogDir;
import dev.herald.server.testkit.NodeClients;
import dev.herald.server.testkit.PythonClients;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.herald.server.testkit.LogDir.textLine;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 001 (github-webhook-server): its documented {@code /logs/ws} clients, run unchanged apart from the URI,
 * which gains {@code &token=…} because Herald protects the endpoint.
 */
class LogStreamSeedClientsTest {
    static LogDir logs;
    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        logs = LogDir.create();
        server = TestServer.start(Map.of("logs.dir", logs.path().toString()));
        token = new TokenIssuer(TestServer.JWT_SECRET).issue("seed", "default", Duration.ofHours(1), List.of("logs:read"), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void noSubscriberLeft() {
        Eventually.until("the seed client is gone", () -> LogDir.subscribers(server) == 0);
    }

    /** The seed's Python example ({@code websockets} library), verbatim but for the URI. */
    @Test
    void pythonWebsocketsClientPrintsTheRepositorysEntries() throws Exception {
        String uri = server.ws() + "/logs/ws?repository=my-org/my-repo&token=" + token;
        String seedClient = """
                import asyncio
                import json
                import websockets
                async def stream_logs():
                    uri = "%s"
                    async with websockets.connect(uri) as websocket:
                        print("Connected to log stream")
                        try:
                            async for message in websocket:
                                log_entry = json.loads(message)
                                print(f"[{log_entry['level']}] {log_entry['message']}")
                        except websockets.exceptions.ConnectionClosed:
                            print("Connection closed")
                asyncio.run(stream_logs())
                """.formatted(uri);
        Process p = PythonClients.python(seedClient);
        try {
            List<String> lines = NodeClients.lines(p);
            Eventually.until("the seed client is connected", () -> lines.contains("Connected to log stream"));
            LogDir.awaitSubscribers(server, 1);
            logs.append("webhook-server.log", textLine("INFO", "other-org/repo", "push", "h0", "u", null, "not this one")
                    + textLine("INFO", "my-org/my-repo", "pull_request", "h1", "octocat", 123, "Processing PR")
                    + textLine("ERROR", "my-org/my-repo", "check_run", "h2", "octocat", 123, "Check failed"));
            Eventually.until("the seed client prints both entries", () -> lines.contains("[ERROR] Check failed"));
            assertThat(lines).containsSubsequence("[INFO] Processing PR", "[ERROR] Check failed")
                    .doesNotContain("[INFO] not this one");
        } finally {
            p.destroy();
        }
    }

    /** The seed's Node example ({@code ws} library), verbatim but for the URI; it also sees the 1001 at shutdown. */
    @Test
    void nodeWsClientPrintsThePullRequestsEntriesAndTheShutdownClose() throws Exception {
        LogDir own = LogDir.create();
        TestServer s = TestServer.start(Map.of("logs.dir", own.path().toString()));
        String seedClient = """
                const WebSocket = require('ws');
                const ws = new WebSocket('%s');
                ws.on('open', function open() {
                console.log('Connected to log stream');
                });
                ws.on('message', function message(data) {
                const logEntry = JSON.parse(data);
                console.log(`[${logEntry.timestamp}] [${logEntry.level}] ${logEntry.message}`);
                });
                ws.on('error', function error(err) {
                console.error('WebSocket error:', err);
                });
                ws.on('close', function close(code, reason) {
                console.log(`Connection closed: ${code} - ${reason}`);
                });
                """.formatted(s.ws() + "/logs/ws?pr_number=123&token=" + token);
        Process p = NodeClients.node(seedClient, Map.of());
        try {
            List<String> lines = NodeClients.lines(p);
            Eventually.until("the seed client is connected", () -> lines.contains("Connected to log stream"));
            LogDir.awaitSubscribers(s, 1);
            own.append("webhook-server.log", textLine("INFO", "my-org/my-repo", "pull_request", "h1", "octocat", 124, "other PR")
                    + textLine("WARNING", "my-org/my-repo", "pull_request", "h1", "octocat", 123, "Rebase needed"));
            Eventually.until("the seed client prints the entry", () ->
                    lines.contains("[2025-01-30T10:30:00.123000] [WARNING] Rebase needed"));
            s.close();
            Eventually.until("the seed client sees the shutdown", () -> lines.contains("Connection closed: 1001 - Server shutdown"));
            assertThat(lines).noneMatch(l -> l.contains("other PR"));
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroy();
            s.close();
        }
    }
}
