package dev.herald.core.logs;

import dev.herald.core.error.HeraldException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogStreamTest {
    @TempDir
    Path dir;
    private LogStream stream;

    @AfterEach
    void stop() {
        if (stream != null) {
            stream.stop();
        }
    }

    private LogStream start() {
        stream = new LogStream(LogTailerOptions.of(dir).withPollInterval(Duration.ofMillis(50)));
        stream.start();
        return stream;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String json(String message, String repo, String level) {
        return "{\"message\":\"" + message + "\",\"repository\":\"" + repo + "\",\"level\":\"" + level + "\"}\n";
    }

    @Test
    void eachSubscriberGetsOnlyTheEntriesItsFilterMatches() throws IOException {
        Path log = dir.resolve("w.json");
        append(log, "");
        start();
        Collector all = new Collector();
        Collector errorsOfA = new Collector();
        stream.subscribe(LogFilter.NONE, 0, all);
        stream.subscribe(LogFilter.fromQuery(Map.of("repository", "o/a", "level", "ERROR")), 0, errorsOfA);

        append(log, json("1", "o/a", "INFO") + json("2", "o/a", "ERROR") + json("3", "o/b", "ERROR"));

        Eventually.until("all three", () -> all.size() == 3);
        assertThat(all.messages()).containsExactly("1", "2", "3");
        assertThat(errorsOfA.messages()).containsExactly("2");
        assertThat(stream.subscriberCount()).isEqualTo(2);
        assertThat(stream.linesRead()).isEqualTo(3);
    }

    @Test
    void backlogThenLiveHasNoGapAndNoRepeatWhileTheFileIsBeingWritten() throws Exception {
        Path log = dir.resolve("busy.log");
        append(log, "");
        start();
        int total = 1500;
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
                for (int i = 0; i < total; i++) {
                    out.write(("n " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    LockSupport.parkNanos(50_000); // a steady writer, so the subscription lands mid-stream
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        Eventually.until("some lines written", () -> stream.linesRead() > 300);
        Collector sub = new Collector();

        stream.subscribe(LogFilter.NONE, 100, sub);
        boolean subscribedMidStream = writer.isAlive();
        writer.join();

        Eventually.until("the last line", () -> sub.messages().contains("n " + (total - 1)));
        List<String> got = sub.messages();
        int first = Integer.parseInt(got.get(0).substring(2));
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).isEqualTo("n " + (first + i));
        }
        assertThat(got.size()).isGreaterThanOrEqualTo(100);
        assertThat(subscribedMidStream).as("the subscription overlapped the writes").isTrue();
    }

    @Test
    void backlogIsFilteredAndOldestFirst() throws IOException {
        Path log = dir.resolve("w.json");
        append(log, json("a1", "o/a", "INFO") + json("b1", "o/b", "INFO") + json("a2", "o/a", "INFO"));
        start();
        Collector sub = new Collector();

        stream.subscribe(LogFilter.fromQuery(Map.of("repository", "o/a")), 10, sub);
        append(log, json("a3", "o/a", "INFO") + json("b2", "o/b", "INFO"));

        Eventually.until("a3", () -> sub.size() == 3);
        assertThat(sub.messages()).containsExactly("a1", "a2", "a3");
    }

    @Test
    void aCancelledSubscriptionGetsNothingMore() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "");
        start();
        Collector sub = new Collector();
        LogSubscription s = stream.subscribe(LogFilter.NONE, 0, sub);
        append(log, "one\n");
        Eventually.until("one", () -> sub.size() == 1);

        s.cancel();
        append(log, "two\n");

        Eventually.until("tailer read two", () -> stream.linesRead() == 2);
        assertThat(sub.messages()).containsExactly("one");
        assertThat(stream.subscriberCount()).isZero();
    }

    @Test
    void aFailingSinkIsDroppedAndTheOthersKeepReceiving() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "");
        start();
        Collector good = new Collector();
        stream.subscribe(LogFilter.NONE, 0, LogSink.of(e -> {
            throw new IllegalStateException("socket gone");
        }, () -> { }));
        stream.subscribe(LogFilter.NONE, 0, good);

        append(log, "one\ntwo\n");

        Eventually.until("both lines", () -> good.size() == 2);
        assertThat(stream.subscriberCount()).isEqualTo(1);
    }

    @Test
    void aMissingDirectoryIsReported() {
        stream = new LogStream(LogTailerOptions.of(dir.resolve("nope")));
        stream.start();
        assertThat(stream.isDirectoryPresent()).isFalse();
    }

    @Test
    void tailParameterIsCappedAndValidated() {
        assertThat(LogStream.parseTail(null)).isZero();
        assertThat(LogStream.parseTail("25")).isEqualTo(25);
        assertThat(LogStream.parseTail("50000")).isEqualTo(LogTailer.MAX_TAIL);
        assertThatThrownBy(() -> LogStream.parseTail("-1")).isInstanceOf(HeraldException.class)
                .hasMessage("invalid tail");
        assertThatThrownBy(() -> LogStream.parseTail("ten")).isInstanceOf(HeraldException.class);
    }
}
