package dev.herald.server.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.LogDir;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.herald.server.testkit.LogDir.jsonLine;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How files change under {@code logs.dir} as seen through {@code /logs/ws}: rotation, truncation, new files,
 * lines written in pieces, and thousands of lines with no loss and no repeat, live and joined from a tail.
 */
class LogsFollowingTest {
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
    void noSubscriberLeft() {
        Eventually.until("the test's connections are gone", () -> LogDir.subscribers(server) == 0);
    }

    private static WsClient open(String query) {
        WsClient c = WsClient.connect(server.ws() + "/logs/ws" + query, Map.of());
        LogDir.awaitSubscribers(server, 1);
        return c;
    }

    private static List<String> messages(WsClient c, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(c.next().path("message").asText());
        }
        return out;
    }

    @Test
    void rotationByRenameFinishesTheOldFileBeforeFollowingTheNewOne() throws Exception {
        logs.append("rotate.log", "");
        try (WsClient c = open("")) {
            logs.append("rotate.log", "2025-01-30T10:30:00.1 App INFO before rotation\n");
            assertThat(messages(c, 1)).containsExactly("before rotation");
            // As Python's RotatingFileHandler does: last write, rename, new file. The tailer usually has not read
            // the last line yet when the file is renamed; it must still come before the new file's first line.
            logs.append("rotate.log", "2025-01-30T10:30:00.2 App INFO last line of the old file\n");
            Files.move(logs.file("rotate.log"), logs.file("rotate.log.1"));
            logs.append("rotate.log", "2025-01-30T10:30:00.3 App INFO first line of the new file\n");
            assertThat(messages(c, 2)).containsExactly("last line of the old file", "first line of the new file");
        }
    }

    @Test
    void aTruncatedFileIsReadAgainFromTheStartOfItsNewContent() throws Exception {
        logs.append("truncate.json", "");
        try (WsClient c = open("")) {
            logs.append("truncate.json", jsonLine("message", "a fairly long first line before truncation")
                    + jsonLine("message", "and a second one"));
            assertThat(messages(c, 2)).hasSize(2);
            Files.writeString(logs.file("truncate.json"), jsonLine("message", "after"), StandardCharsets.UTF_8,
                    StandardOpenOption.TRUNCATE_EXISTING);
            assertThat(messages(c, 1)).containsExactly("after");
        }
    }

    @Test
    void aNewFileIsReadFromItsFirstLineAndARecreatedOneToo() throws Exception {
        try (WsClient c = open("")) {
            logs.append("webhooks_2025-01-30.json", jsonLine("message", "a") + jsonLine("message", "b"));
            assertThat(messages(c, 2)).containsExactly("a", "b");
            Files.delete(logs.file("webhooks_2025-01-30.json"));
            // A line elsewhere arriving proves the tailer has looked at the directory since the deletion.
            logs.append("marker.log", "2025-01-30T10:30:00.1 App INFO marker\n");
            assertThat(messages(c, 1)).containsExactly("marker");
            logs.append("webhooks_2025-01-30.json", jsonLine("message", "c"));
            assertThat(messages(c, 1)).containsExactly("c");
        }
    }

    @Test
    void aLineWrittenInPiecesArrivesOnceWhole() {
        logs.append("pieces.json", "");
        try (WsClient c = open("")) {
            logs.append("pieces.json", "{\"message\":\"hel");
            assertThat(c.drain(Duration.ofMillis(300))).isEmpty();
            logs.append("pieces.json", "lo\"}\n{\"message\":\"ne");
            assertThat(messages(c, 1)).containsExactly("hello");
            logs.append("pieces.json", "xt\"}\n");
            assertThat(messages(c, 1)).containsExactly("next");
        }
    }

    /**
     * 6,000 lines written in uneven chunks with a rotation in the middle: a live client gets each once, in
     * order; a client joining mid-write with {@code ?tail=10000} gets the backlog then the live lines, with
     * no gap and no repeat at the join.
     */
    @Test
    void thousandsOfLinesArriveWithNoLossAndNoDuplicateLiveAndAcrossTheTailJoin() throws Exception {
        int total = 6000;
        int rotateAt = 4000;
        String file = "bulk.json";
        logs.append(file, "");
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch mayRotate = new CountDownLatch(1);
        try (WsClient live = open("")) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                int i = 0;
                while (i < total) {
                    if (i == rotateAt) {
                        await(mayRotate);
                        try {
                            Files.move(logs.file(file), logs.file(file + ".1"));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                    int chunk = Math.min(1 + (i * 7) % 40, (i < rotateAt ? rotateAt : total) - i);
                    StringBuilder sb = new StringBuilder();
                    for (int k = 0; k < chunk; k++) {
                        sb.append(jsonLine("message", String.valueOf(i + k), "hook_id", "bulk"));
                    }
                    // Split the chunk mid-line sometimes, as a buffered writer would.
                    String text = sb.toString();
                    int cut = i % 3 == 0 ? text.length() / 2 : text.length();
                    logs.append(file, text.substring(0, cut));
                    logs.append(file, text.substring(cut));
                    i += chunk;
                    if (i >= total / 4) {
                        halfway.countDown();
                    }
                    if (i % 200 < chunk) {
                        sleep(2);
                    }
                }
            });
            assertThat(halfway.await(10, TimeUnit.SECONDS)).isTrue();
            try (WsClient joined = WsClient.connect(server.ws() + "/logs/ws?hook_id=bulk&tail=10000", Map.of())) {
                JsonNode first = joined.next();
                mayRotate.countDown();
                writer.get(20, TimeUnit.SECONDS);
                List<String> got = new ArrayList<>();
                got.add(first.path("message").asText());
                got.addAll(messages(joined, total - 1));
                assertThat(got).containsExactlyElementsOf(sequence(total));
                assertThat(joined.drain(Duration.ofMillis(200))).isEmpty();
            }
            assertThat(messages(live, total)).containsExactlyElementsOf(sequence(total));
            assertThat(live.drain(Duration.ofMillis(200))).isEmpty();
        } finally {
            mayRotate.countDown();
        }
    }

    private static List<String> sequence(int n) {
        return IntStream.range(0, n).mapToObj(String::valueOf).toList();
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
