package dev.herald.server.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.LogDir;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logs.dir} is written by other programs, and whoever can write into it must not be able to make Herald
 * stream files outside it, close its clients, or lose lines during an ordinary logrotate.
 */
class LogDirectoryHardeningTest {
    static LogDir logs;
    static TestServer server;

    @BeforeAll
    static void start() {
        logs = LogDir.create();
        server = TestServer.start(Map.of("logs.dir", logs.path().toString(), "logs.auth", "none"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void theServerKeepsServingOthers() {
        Eventually.until("the test's connections are gone", () -> LogDir.subscribers(server) == 0);
        assertThat(server.api().get("/health").status()).isEqualTo(200);
    }

    private static WsClient open(String query) {
        WsClient c = WsClient.connect(server.ws() + "/logs/ws" + query, Map.of());
        LogDir.awaitSubscribers(server, 1);
        return c;
    }

    @Test
    void aSymlinkLeavingTheLogDirectoryIsNeitherTailedNorFollowed() throws Exception {
        Path outside = Files.createTempDirectory("herald-outside").resolve("shadow");
        Files.writeString(outside, "{\"message\":\"root:SECRET-HASH:19000::::::\"}\n");
        Files.createSymbolicLink(logs.file("x.json"), outside);
        Files.createSymbolicLink(logs.file("inside.json"), logs.file("real.json"));
        logs.append("real.json", "{\"message\":\"a line of the directory\"}\n");
        try (WsClient c = open("?tail=100")) {
            List<String> seen = messages(c.drain(Duration.ofMillis(800)));
            assertThat(seen).contains("a line of the directory").noneMatch(m -> m.contains("SECRET"));
            Files.writeString(outside, "{\"message\":\"live SECRET\"}\n", java.nio.file.StandardOpenOption.APPEND);
            logs.append("plain.log", "2025-01-30T10:30:00.1 App INFO after the secret\n");
            List<String> live = new ArrayList<>();
            Eventually.until("the plain line arrives", () -> {
                live.addAll(messages(c.drain(Duration.ofMillis(100))));
                return live.contains("after the secret");
            });
            assertThat(live).noneMatch(m -> m.contains("SECRET"));
        }
    }

    @Test
    void aJsonRecordWithANumberNoDoubleHoldsIsSentRawAndClosesNobody() throws Exception {
        String huge = "{\"message\":\"huge\",\"n\":1e999999999}";
        try (WsClient c = open("")) {
            logs.append("numbers.json", huge + "\n{\"message\":\"next\"}\n");
            assertThat(c.next().path("message").asText()).isEqualTo(huge);
            assertThat(c.next().path("message").asText()).isEqualTo("next");
        }
        try (WsClient tail = open("?tail=2")) {
            assertThat(tail.next().path("message").asText()).isEqualTo(huge);
            assertThat(tail.next().path("message").asText()).isEqualTo("next");
            assertThat(tail.isClosed()).isFalse();
        }
    }

    @Test
    void linesWrittenToARotatedFileJustAfterTheRenameAreNotLost() throws Exception {
        logs.append("app.log", "");
        try (WsClient c = open("")) {
            logs.append("app.log", "2025-01-30T10:30:00.1 App INFO before rotation\n");
            assertThat(c.next().path("message").asText()).isEqualTo("before rotation");
            // logrotate "create": rename, new file; the writer keeps its descriptor on the old file until its HUP.
            Files.move(logs.file("app.log"), logs.file("app.log.1"));
            logs.append("app.log", "");
            for (int ms : new int[] {50, 200, 500}) {
                Thread.sleep(ms == 50 ? 50 : ms - 50);
                logs.append("app.log.1", "2025-01-30T10:30:00.2 App INFO late line " + ms + " ms\n");
            }
            logs.append("app.log", "2025-01-30T10:30:00.3 App INFO first line of the new file\n");
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(c.next().path("message").asText());
            }
            assertThat(got).containsExactlyInAnyOrder("late line 50 ms", "late line 200 ms", "late line 500 ms",
                    "first line of the new file");
        }
    }

    private static List<String> messages(List<JsonNode> entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.path("message").asText()));
        return out;
    }
}
