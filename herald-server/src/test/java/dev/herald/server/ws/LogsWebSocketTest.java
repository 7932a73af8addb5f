package dev.herald.server.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.auth.TokenIssuer;
import dev.herald.core.store.ApiKey;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.LogDir;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.herald.server.testkit.LogDir.jsonLine;
import static dev.herald.server.testkit.LogDir.textLine;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /logs/ws} (SPEC §6): the wire format, filters, tail, auth, redaction and every close the endpoint sends. */
class LogsWebSocketTest {
    static LogDir logs;
    static TestServer server;

    @BeforeAll
    static void start() {
        logs = LogDir.create();
        server = TestServer.start(Map.of("logs.dir", logs.path().toString()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Every test starts with no subscriber left on the shared server, so subscriber counts are exact. */
    @AfterEach
    void noSubscriberLeft() {
        Eventually.until("the test's connections are gone", () -> LogDir.subscribers(server) == 0);
    }

    static String token(String tenant, String... scopes) {
        return new TokenIssuer(TestServer.JWT_SECRET).issue("operator", tenant, Duration.ofHours(1), List.of(scopes), null);
    }

    /** A connection with a {@code logs:read} token in {@code ?token=}, attached to the stream when this returns. */
    static WsClient open(TestServer s, String query) {
        int before = LogDir.subscribers(s);
        WsClient c = WsClient.connect(s.ws() + "/logs/ws?" + query + (query.isEmpty() ? "" : "&") + "token="
                + token("default", "logs:read"), Map.of());
        LogDir.awaitSubscribers(s, before + 1);
        return c;
    }

    static WsClient connect(TestServer s, String query) {
        return WsClient.connect(s.ws() + "/logs/ws" + (query.isEmpty() ? "" : "?" + query), Map.of());
    }

    @Test
    void anAppendedTextLineArrivesAsOneFlatJsonEntryWithItsPrefixAsFields() {
        try (WsClient c = open(server, "hook_id=h-flat")) {
            logs.append("webhook-server.log", textLine("INFO", "my-org/my-repo", "pull_request", "h-flat", "octocat", 123,
                    "Processing pull request"));
            JsonNode e = c.next();
            assertThat(e.path("timestamp").asText()).isEqualTo("2025-01-30T10:30:00.123000");
            assertThat(e.path("level").asText()).isEqualTo("INFO");
            assertThat(e.path("logger_name").asText()).isEqualTo("GithubWebhook");
            assertThat(e.path("message").asText()).isEqualTo("Processing pull request");
            assertThat(e.path("hook_id").asText()).isEqualTo("h-flat");
            assertThat(e.path("event_type").asText()).isEqualTo("pull_request");
            assertThat(e.path("repository").asText()).isEqualTo("my-org/my-repo");
            assertThat(e.path("pr_number").isInt()).isTrue();
            assertThat(e.path("pr_number").asInt()).isEqualTo(123);
            assertThat(e.path("github_user").asText()).isEqualTo("octocat");
        }
    }

    @Test
    void aJsonLineKeepsItsExtraFieldsAndMissingFieldsAreNull() {
        try (WsClient c = open(server, "hook_id=h-json")) {
            logs.append("webhooks.json", jsonLine("timestamp", "2025-01-30T10:30:01", "level", "WARNING",
                    "message", "retrying", "hook_id", "h-json", "pr_number", "42", "attempt", 3));
            JsonNode e = c.next();
            assertThat(e.path("level").asText()).isEqualTo("WARNING");
            assertThat(e.path("pr_number").asInt()).isEqualTo(42);
            assertThat(e.path("attempt").asInt()).isEqualTo(3);
            assertThat(e.has("repository")).isTrue();
            assertThat(e.path("repository").isNull()).isTrue();
            assertThat(e.path("logger_name").isNull()).isTrue();
        }
    }

    @Test
    void filtersMatchExactlyAreAndedAndUnknownParametersAreIgnored() {
        try (WsClient c = open(server, "repository=o/filtered&level=ERROR&pr_number=7&github_user=&colour=blue")) {
            logs.append("filters.log", textLine("INFO", "o/filtered", "push", "h1", "u", 7, "wrong level")
                    + textLine("ERROR", "o/filtered", "push", "h2", "u", 8, "wrong pr")
                    + textLine("ERROR", "O/Filtered", "push", "h3", "u", 7, "wrong case")
                    + textLine("ERROR", "o/filtered", "push", "h4", "u", 7, "match one")
                    + textLine("ERROR", "o/filtered", "check_run", "h5", "v", 7, "match two"));
            assertThat(c.next().path("message").asText()).isEqualTo("match one");
            assertThat(c.next().path("message").asText()).isEqualTo("match two");
            assertThat(c.drain(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void aNonIntegerPrNumberClosesWith1008() {
        try (WsClient c = connect(server, "pr_number=12a&token=" + token("default", "logs:read"))) {
            assertThat(c.awaitClose()).isEqualTo(new WsClient.Close(1008, "invalid pr_number"));
        }
    }

    @Test
    void tailFirstSendsTheLastNMatchingEntriesOldestFirstThenLiveOnes() {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            lines.append(textLine("INFO", "o/tail", "push", i % 2 == 0 ? "h-tail" : "h-other", "u", null, "line " + i));
        }
        logs.append("tail.log", lines.toString());
        try (WsClient c = open(server, "tail=2&hook_id=h-tail")) {
            assertThat(c.next().path("message").asText()).isEqualTo("line 4");
            assertThat(c.next().path("message").asText()).isEqualTo("line 6");
            logs.append("tail.log", textLine("INFO", "o/tail", "push", "h-tail", "u", null, "live 7"));
            assertThat(c.next().path("message").asText()).isEqualTo("live 7");
            assertThat(c.drain(Duration.ofMillis(200))).isEmpty();
        }
    }

    @Test
    void withoutATokenTheConnectionIsClosed4003() {
        try (WsClient c = connect(server, "")) {
            assertThat(c.awaitClose()).isEqualTo(new WsClient.Close(4003, "unauthorized"));
        }
    }

    @Test
    void aTokenWithoutLogsReadIsClosed4003() {
        try (WsClient c = connect(server, "token=" + token("default", "publish"));
             WsClient bad = connect(server, "token=not-a-jwt")) {
            assertThat(c.awaitClose().code()).isEqualTo(4003);
            assertThat(bad.awaitClose().code()).isEqualTo(4003);
        }
    }

    @Test
    void aLogsReadTokenInTheHeaderAndAnAdminTokenInTheCookieBothStream() {
        WsClient header = WsClient.connect(server.ws() + "/logs/ws?hook_id=h-auth",
                Map.of("Authorization", "Bearer " + token("acme", "logs:read")));
        WsClient cookie = WsClient.connect(server.ws() + "/logs/ws?hook_id=h-auth",
                Map.of("Cookie", "ks_access_token=" + token("default", "admin")));
        try (header; cookie) {
            LogDir.awaitSubscribers(server, 2);
            logs.append("auth.log", textLine("INFO", "o/r", "push", "h-auth", "u", null, "for operators"));
            assertThat(header.next().path("message").asText()).isEqualTo("for operators");
            assertThat(cookie.next().path("message").asText()).isEqualTo("for operators");
        }
    }

    @Test
    void anAdminApiKeyInTheQueryStreamsAndAPublishOnlyKeyIsClosed4003() {
        String publishOnly = server.newKey("default", ApiKey.Scope.PUBLISH);
        try (WsClient refused = connect(server, "token=" + publishOnly);
             WsClient admin = connect(server, "hook_id=h-key&token=" + server.adminKey())) {
            assertThat(refused.awaitClose().code()).isEqualTo(4003);
            LogDir.awaitSubscribers(server, 1);
            logs.append("auth.log", textLine("INFO", "o/r", "push", "h-key", "u", null, "for the admin key"));
            assertThat(admin.next().path("message").asText()).isEqualTo("for the admin key");
        }
    }

    @Test
    void secretsAreRedactedBeforeTheyLeaveTheServer() {
        try (WsClient c = open(server, "hook_id=h-secret")) {
            logs.append("secret.log", textLine("INFO", "o/r", "push", "h-secret", "u", null,
                    "clone with ghp_abcdefghijklmnopqrstuvwxyz0123456789 and Authorization: Bearer eyJhbGciOi.x.y password=hunter2"));
            String message = c.next().path("message").asText();
            assertThat(message).doesNotContain("ghp_abc", "eyJhbGciOi", "hunter2").contains("[REDACTED]");
        }
    }

    @Test
    void binaryGarbageAHugeLineAndATracebackLineEachArriveAndTheStreamGoesOn() {
        try (WsClient c = open(server, "")) {
            byte[] garbage = new byte[300];
            new Random(5).nextBytes(garbage);
            for (int i = 0; i < garbage.length; i++) {
                if (garbage[i] == '\n' || garbage[i] == '\r') {
                    garbage[i] = 'x';
                }
            }
            logs.append("bad.log", garbage);
            char[] huge = new char[2 * 1024 * 1024];
            Arrays.fill(huge, 'h');
            logs.append("bad.log", "\n" + new String(huge) + "\n" + "Traceback (most recent call last):\n"
                    + textLine("ERROR", "o/r", "push", "h-after", "u", null, "still streaming"));
            JsonNode first = c.next();
            assertThat(first.path("message").asText()).isNotEmpty();
            assertThat(first.path("level").isNull()).isTrue();
            JsonNode big = c.next();
            assertThat(big.path("message").asText()).startsWith("hhhh");
            assertThat(big.path("message").asText().length()).isLessThan(huge.length);
            assertThat(c.next().path("message").asText()).isEqualTo("Traceback (most recent call last):");
            assertThat(c.next().path("message").asText()).isEqualTo("still streaming");
        }
    }

    @Test
    void anInvalidTailClosesWith1008AndClientTextIsIgnored() {
        try (WsClient bad = connect(server, "tail=lots&token=" + token("default", "logs:read"));
             WsClient chatty = open(server, "hook_id=h-chatty")) {
            assertThat(bad.awaitClose()).isEqualTo(new WsClient.Close(1008, "invalid tail"));
            chatty.send("{\"action\":\"subscribe\"}");
            chatty.send("not json at all");
            logs.append("chatty.log", textLine("INFO", "o/r", "push", "h-chatty", "u", null, "unaffected"));
            assertThat(chatty.next().path("message").asText()).isEqualTo("unaffected");
        }
    }

    @Test
    void aMissingDirectoryAnswersWithTheErrorAnd1011UntilItExistsAndAuthNoneNeedsNoToken() throws Exception {
        LogDir parent = LogDir.create();
        try (TestServer s = TestServer.start(Map.of("logs.dir", parent.file("later").toString(), "logs.auth", "none"));
             TestServer unset = TestServer.start(Map.of("logs.auth", "none"))) {
            for (TestServer t : List.of(s, unset)) {
                try (WsClient c = connect(t, "")) {
                    assertThat(c.next().toString()).isEqualTo("{\"error\":\"Log directory not found\"}");
                    assertThat(c.awaitClose()).isEqualTo(new WsClient.Close(1011, "Log directory not found"));
                }
            }
            Files.createDirectory(parent.file("later"));
            try (WsClient c = connect(s, "")) {
                LogDir.awaitSubscribers(s, 1);
                parent.append("later/app.log", "2025-01-30T10:30:00.123000 App INFO now it exists\n");
                assertThat(c.next().path("message").asText()).isEqualTo("now it exists");
            }
        }
    }

    @Test
    void logsTenantRefusesTokensAndKeysOfOtherTenants() {
        try (TestServer s = TestServer.start(Map.of("logs.dir", logs.path().toString(), "logs.tenant", "ops"));
             WsClient other = connect(s, "token=" + token("default", "logs:read"));
             WsClient otherKey = connect(s, "token=" + s.adminKey());
             WsClient ops = connect(s, "hook_id=h-tenant&token=" + token("ops", "logs:read"))) {
            assertThat(other.awaitClose().code()).isEqualTo(4003);
            assertThat(otherKey.awaitClose().code()).isEqualTo(4003);
            LogDir.awaitSubscribers(s, 1);
            logs.append("tenant.log", textLine("INFO", "o/r", "push", "h-tenant", "u", null, "ops only"));
            assertThat(ops.next().path("message").asText()).isEqualTo("ops only");
        }
    }

    @Test
    void shutdownClosesEveryLogStreamWith1001() {
        TestServer s = TestServer.start(Map.of("logs.dir", logs.path().toString(), "logs.auth", "none"));
        try (WsClient a = open(s, "level=ERROR"); WsClient b = open(s, "tail=5")) {
            s.close();
            assertThat(a.awaitClose()).isEqualTo(new WsClient.Close(1001, "Server shutdown"));
            assertThat(b.awaitClose()).isEqualTo(new WsClient.Close(1001, "Server shutdown"));
        }
    }

    @Test
    void metricsCountLinesReadAndLogConnections() {
        try (WsClient c = open(server, "hook_id=h-metrics")) {
            logs.append("metrics.log", textLine("INFO", "o/r", "push", "h-metrics", "u", null, "counted"));
            c.next();
            String metrics = server.api(null).get("/metrics").body();
            assertThat(metrics).containsPattern("herald_log_lines_read_total [1-9]")
                    .containsPattern("herald_connections\\{endpoint=\"/logs/ws\"} [1-9]")
                    .containsPattern("herald_deliveries_total\\{channel=\"logs\",outcome=\"delivered\"} [1-9]");
        }
    }
}
