package dev.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.client.HeraldClient;
import dev.herald.core.auth.TokenIssuer;
import dev.herald.core.json.Json;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.ServerProcess;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald tail} for events: one JSON line per event, through server restarts. */
class TailTest {

    private static List<JsonNode> lines(ByteArrayOutputStream out) {
        return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(l -> !l.isBlank()).map(Json::parseOrNull).toList();
    }

    @Test
    void tailSurvivesAServerRestartPrintingEveryEventOnceInOrder(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> settings = Map.of("server.port", Integer.toString(ServerProcess.freePort()));
        TestServer server = TestServer.start(data, settings);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        EventTail tail = new EventTail(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        HeraldClient.Builder client = HeraldClient.builder(URI.create(server.ws() + "/ws/events"))
                .tokenSupplier(() -> new TestServer.Tokens().issue("tailer")).since(0)
                .minDelay(Duration.ofMillis(200)).maxDelay(Duration.ofMillis(500));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> tail.run(client, List.of("tail.tick")));
        try {
            for (int i = 1; i <= 3; i++) {
                server.api().publishEvent("tail.tick", "{\"i\":" + i + "}");
            }
            server.api().publishEvent("tail.other", "{}");
            Eventually.until("three printed", () -> lines(out).size() == 3);
            server.close();
            Eventually.until("the loss reported", () -> err.toString(StandardCharsets.UTF_8).contains("reconnecting"));
            server = TestServer.start(data, settings);
            for (int i = 4; i <= 10; i++) {
                server.api().publishEvent("tail.tick", "{\"i\":" + i + "}"); // some while tail is still away
            }
            Eventually.until("all ten printed", Duration.ofSeconds(20), () -> lines(out).size() >= 10);
            Eventually.stays("no more", Duration.ofMillis(300), () -> lines(out).size(), 10);
            assertThat(lines(out)).extracting(l -> l.path("data").path("i").asLong())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
            assertThat(lines(out)).allSatisfy(l -> assertThat(l.path("type").asText()).isEqualTo("tail.tick"));
            tail.stop();
            assertThat(exit.get()).isZero();
        } finally {
            tail.stop();
            server.close();
        }
    }

    @Test
    void theCliPrintsEventsAsJsonLinesAndExitsOneWhenAFixedTokenExpires(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"), Map.of())) {
            server.api().publishEvent("cli.tail", "{\"n\":1}");
            Path cfg = dir.resolve("herald.yaml");
            Files.writeString(cfg, "data_dir: " + dir.resolve("data") + "\nauth:\n  jwt_secret: " + TestServer.JWT_SECRET
                    + "\nserver:\n  port: " + server.port() + "\n");
            String shortToken = new TokenIssuer(TestServer.JWT_SECRET).issue("t", "default", Duration.ofSeconds(2), List.of(), null);
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = HeraldCli.run("tail", "--types", "cli.tail", "--since", "0", "--token", shortToken,
                        "--config", cfg.toString());
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
            assertThat(code).isEqualTo(1);
            assertThat(lines(out)).singleElement().satisfies(l -> {
                assertThat(l.path("type").asText()).isEqualTo("cli.tail");
                assertThat(l.path("data").path("n").asInt()).isEqualTo(1);
                assertThat(l.path("seq").asLong()).isEqualTo(1);
            });
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("closed: 4004 token expired");
        }
    }
}
