package dev.herald.server.cli;

import dev.herald.core.auth.TokenVerifier;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line, run in-process against real data directories and a real server. */
class CliTest {

    record Run(int code, String out, String err) {
    }

    private static synchronized Run run(Path config, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] full = java.util.Arrays.copyOf(args, args.length + 2);
            full[args.length] = "--config";
            full[args.length + 1] = config.toString();
            int code = HeraldCli.run(full);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Path config(Path dir, String yaml) throws Exception {
        Path f = dir.resolve("herald.yaml");
        Files.writeString(f, "data_dir: " + dir.resolve("data") + "\nauth:\n  jwt_secret: " + TestServer.JWT_SECRET + "\n" + yaml);
        return f;
    }

    @Test
    void keysCreateWorksWithoutARunningServerAndTheKeyPublishes(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"), Map.of())) {
            Path cfg = config(dir, "");
            Run created = run(cfg, "keys", "create", "--tenant", "acme", "--scopes", "publish");
            assertThat(created.code()).isZero();
            String key = created.out().trim();
            assertThat(key).startsWith("hk_");
            assertThat(server.api(key).publishEvent("from.cli.key", "{}").status()).isEqualTo(202);
            Run listed = run(cfg, "keys", "list");
            assertThat(listed.out()).contains("acme").doesNotContain(key);
        }
    }

    @Test
    void tokenPrintsAJwtTheServerAccepts(@TempDir Path dir) throws Exception {
        Run r = run(config(dir, ""), "token", "--sub", "alice", "--tenant", "acme", "--ttl", "10m", "--scope", "logs:read");
        assertThat(r.code()).isZero();
        var p = new TokenVerifier(TestServer.JWT_SECRET, null, Duration.ZERO).verify(r.out().trim()).orElseThrow();
        assertThat(p.subject()).isEqualTo("alice");
        assertThat(p.tenant()).isEqualTo("acme");
        assertThat(p.scopes()).contains("logs:read");
        assertThat(run(config(dir, ""), "token", "--sub", "a", "--ttl", "soon").code()).isEqualTo(2);
    }

    @Test
    void anInvalidConfigExitsTwoWithThePathOfEachProblem(@TempDir Path dir) throws Exception {
        Run r = run(config(dir, "webhooks:\n  retry_schedule: [1m, 5x]\n"), "serve");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("webhooks.retry_schedule[1]: \"5x\" is not a duration");
    }

    @Test
    void publishSendsAnEventToTheRunningServer(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"), Map.of());
             WsClient c = server.connect("/ws/events", server.token("cli-watcher"))) {
            c.send("{\"action\":\"ping\"}");
            c.nextOfType("pong");
            Path cfg = config(dir, "server:\n  port: " + server.port() + "\n");
            Run r = run(cfg, "publish", "--type", "cli.hello", "--data", "{\"n\":7}");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("\"accepted\":1");
            assertThat(c.nextOfType("cli.hello").path("data").path("n").asInt()).isEqualTo(7);
            assertThat(run(cfg, "publish", "--type", "x", "--data", "{not json").code()).isEqualTo(2);
        }
    }
    @Test
    void tailLogsPrintsTheFilteredBacklogWithoutColourWhenNotATerminalAndStopsAtTheLimit(@TempDir Path dir) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        try (TestServer server = TestServer.start(dir.resolve("data"), Map.of("logs.dir", logs.toString()))) {
            Files.writeString(logs.resolve("app.log"), """
                    2025-01-30T10:30:00.1 GithubWebhook ERROR o/r [push][h1][octocat][PR 5]: first failure
                    2025-01-30T10:30:00.2 GithubWebhook INFO o/r [push][h2][octocat]: fine
                    2025-01-30T10:30:00.3 GithubWebhook ERROR other/repo [push][h3][octocat]: elsewhere
                    2025-01-30T10:30:00.4 GithubWebhook ERROR o/r [check_run][h4][octocat]: second failure
                    """);
            Path cfg = config(dir, "server:\n  port: " + server.port() + "\n");
            Run r = run(cfg, "tail", "--logs", "--repository", "o/r", "--level", "ERROR", "--tail", "5", "--limit", "2");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out().lines().toList()).containsExactly(
                    "2025-01-30T10:30:00.1 ERROR [o/r #5 push hook=h1 @octocat] first failure",
                    "2025-01-30T10:30:00.4 ERROR [o/r check_run hook=h4 @octocat] second failure");
        }
    }

    @Test
    void tailLogsReportsAMissingLogDirectoryAndExitsOne(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"), Map.of())) {
            Run r = run(config(dir, "server:\n  port: " + server.port() + "\n"), "tail", "--logs");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("herald: Log directory not found").contains("closed: 1011");
        }
    }

    @Test
    void keysAndTokensMadeWithTheCliAgainstAClusterStoreWorkOnEveryNode(@TempDir Path dir) throws Exception {
        String pg = dev.herald.testkit.PostgresProcess.shared().createDatabase();
        String redis = dev.herald.testkit.RedisProcess.shared().url();
        try (var cluster = dev.herald.server.testkit.TestCluster.start(pg, redis, 2,
                Map.of("auth.jwt_secret", ""))) { // dev mode mints the JWT secret into the database
            Path cfg = dir.resolve("herald.yaml");
            Files.writeString(cfg, "data_dir: " + dir.resolve("cli-data") + "\nstore: postgres\npostgres:\n  url: " + pg + "\n");
            Run created = run(cfg, "keys", "create", "--tenant", "acme", "--scopes", "publish");
            assertThat(created.code()).as(created.err()).isZero();
            String key = created.out().trim();
            Run token = run(cfg, "token", "--sub", "cli-user", "--tenant", "acme");
            assertThat(token.code()).as(token.err()).isZero();
            try (WsClient c = WsClient.connect("ws://127.0.0.1:" + cluster.node(1).port() + "/ws/events?token="
                    + token.out().trim(), Map.of())) {
                c.send("{\"action\":\"ping\"}");
                c.nextOfType("pong");
                assertThat(cluster.api(0, key).publishEvent("from.cli", "{}").status()).isEqualTo(202);
                assertThat(c.nextOfType("from.cli").path("type").asText()).isEqualTo("from.cli");
            }
        }
    }
}
