package dev.herald.core.logs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class LogTailerTest {
    private static final Duration POLL = Duration.ofMillis(50);
    /** Short enough to wait for, long enough that a test's append right after a rotation still counts as "late". */
    private static final Duration ROTATED_QUIET = Duration.ofSeconds(1);
    private static final Duration QUIET = Duration.ofMillis(150);

    @TempDir
    Path dir;
    private final Collector got = new Collector();
    private LogTailer tailer;

    @AfterEach
    void stop() {
        if (tailer != null) {
            tailer.stop();
        }
    }

    private LogTailer start(Path logDir) {
        tailer = new LogTailer(LogTailerOptions.of(logDir).withPollInterval(POLL).withRotatedQuiet(ROTATED_QUIET), got);
        tailer.start();
        return tailer;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void awaitMessages(String... expected) {
        Eventually.until(Arrays.toString(expected) + " (got " + got.messages() + ")",
                () -> got.size() >= expected.length);
        assertThat(got.messages()).containsExactly(expected);
    }

    @Test
    void linesAlreadyOnDiskAtStartAreNotReplayedButAppendsAreDelivered() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "old 1\nold 2\n");
        start(dir);

        append(log, "new 1\n");

        awaitMessages("new 1");
        assertThat(got.lastThread().getName()).isEqualTo("herald-log-tailer");
        assertThat(got.lastThread().isDaemon()).isTrue();
    }

    @Test
    void appendedTextLinesArriveParsedAndInOrder() throws IOException {
        Path log = dir.resolve("server.log");
        append(log, "");
        start(dir);

        append(log, "2025-01-30T10:30:00.123000 GithubWebhook INFO o/r [pull_request][h1][u][PR 3]: one\n"
                + "Traceback (most recent call last):\n");

        awaitMessages("one", "Traceback (most recent call last):");
        LogEntry first = got.entries().get(0);
        assertThat(first.hookId()).isEqualTo("h1");
        assertThat(first.prNumber()).isEqualTo(3);
        assertThat(first.position().file()).isEqualTo("server.log");
        assertThat(tailer.linesRead()).isEqualTo(2);
    }

    @Test
    void aPartialLineWaitsForItsNewline() throws IOException {
        Path log = dir.resolve("app.jsonl");
        append(log, "");
        start(dir);

        append(log, "{\"message\":\"hel");
        Eventually.stays("entries while the line is unfinished", QUIET, got::size, 0);
        append(log, "lo\"}\n{\"message\":\"next\"}");
        awaitMessages("hello");
        append(log, "\n");

        awaitMessages("hello", "next");
    }

    @Test
    void aFileCreatedAfterStartIsReadFromItsFirstLine() throws IOException {
        start(dir);

        append(dir.resolve("webhooks_2025-01-30.json"), "{\"message\":\"a\"}\n{\"message\":\"b\"}\n");

        awaitMessages("a", "b");
    }

    @Test
    void rotationByRenameFinishesTheOldFileBeforeTheNewOneAndReadsItUntilQuiet() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "");
        start(dir);
        append(log, "before\n");
        awaitMessages("before");

        append(log, "last of old\n");
        Files.move(log, dir.resolve("app.log.1"));
        append(log, "first of new\n");
        append(log, "second of new\n");

        awaitMessages("before", "last of old", "first of new", "second of new");
        // The writer has not reopened its log yet (logrotate create, late HUP): its line is still read.
        append(dir.resolve("app.log.1"), "written to the rotated file\n");
        awaitMessages("before", "last of old", "first of new", "second of new", "written to the rotated file");
        // Once the rotated file has been quiet, it is closed and no longer read.
        Eventually.until("the rotated file is closed once quiet", () -> tailer.rotatedFilesOpen() == 0);
        append(dir.resolve("app.log.1"), "written after it went quiet\n");
        append(log, "third of new\n");
        awaitMessages("before", "last of old", "first of new", "second of new", "written to the rotated file",
                "third of new");
    }

    @Test
    void truncationIsReadAgainFromTheStartOfTheNewContent() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "");
        start(dir);
        append(log, "a long first line before truncation\nanother long line\n");
        awaitMessages("a long first line before truncation", "another long line");

        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        Eventually.stays("entries after truncation alone", QUIET, got::size, 2);
        append(log, "after\n");

        awaitMessages("a long first line before truncation", "another long line", "after");
    }

    @Test
    void deletionAndRecreationReadTheNewFileFromItsStart() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "");
        start(dir);
        append(log, "one\n");
        awaitMessages("one");

        Files.delete(log);
        append(log, "two\n");

        awaitMessages("one", "two");
    }

    @Test
    void rotatedAndUnrelatedNamesAreNeverRead() throws IOException {
        start(dir);
        append(dir.resolve("app.log.1"), "rotated\n");
        append(dir.resolve("x.json.2"), "{\"message\":\"rotated\"}\n");
        append(dir.resolve("old.log.gz"), "gz\n");
        append(dir.resolve("notes.txt"), "txt\n");
        append(dir.resolve(".tmp.json"), "{\"message\":\"hidden\"}\n");

        append(dir.resolve("app.log"), "followed\n");

        awaitMessages("followed");
        Eventually.stays("entries", QUIET, got::size, 1);
    }

    @Test
    void thousandsOfLinesWrittenInRandomChunksArriveOnceEachInOrder() throws IOException {
        Path log = dir.resolve("burst.log");
        append(log, "");
        start(dir);
        StringBuilder all = new StringBuilder();
        int lines = 5000;
        for (int i = 0; i < lines; i++) {
            all.append("line ").append(i).append('\n');
        }
        byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
        Random r = new Random(1);
        try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + r.nextInt(700));
                out.write(bytes, at, n);
                out.flush();
                at += n;
                if (r.nextInt(20) == 0) {
                    Thread.yield();
                }
            }
        }

        Eventually.until("all lines", () -> got.size() >= lines);
        assertThat(got.messages())
                .containsExactlyElementsOf(IntStream.range(0, lines).mapToObj(i -> "line " + i).toList());
        Eventually.stays("entries", QUIET, got::size, lines);
    }

    @Test
    void aHugeLineIsCappedAndMarkedAndTheNextLineStillArrives() throws IOException {
        Path log = dir.resolve("big.log");
        append(log, "");
        start(dir);
        int size = 3 * 1024 * 1024;
        try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < size / chunk.length; i++) {
                out.write(chunk);
            }
            out.write("\nafter\n".getBytes(StandardCharsets.UTF_8));
        }

        Eventually.until("two entries", () -> got.size() >= 2);
        String capped = got.messages().get(0);
        int kept = LogTailerOptions.DEFAULT_MAX_LINE_BYTES;
        assertThat(capped).startsWith("xxxx").endsWith("…[truncated " + (size - kept) + " bytes]");
        assertThat(capped.length()).isLessThan(kept + 40);
        assertThat(got.messages().get(1)).isEqualTo("after");

        List<LogEntry> last = tailer.tail(2, LogFilter.NONE);
        assertThat(last).extracting(LogEntry::message).containsExactly(capped, "after");
    }

    @Test
    void aMissingDirectoryIsReportedAndFollowedOnceItAppears() throws IOException {
        Path later = dir.resolve("logs");
        start(later);
        assertThat(tailer.isDirectoryPresent()).isFalse();
        assertThat(tailer.tail(10, LogFilter.NONE)).isEmpty();

        Files.createDirectory(later);
        append(later.resolve("app.log"), "hello\n");

        awaitMessages("hello");
        assertThat(tailer.isDirectoryPresent()).isTrue();
    }

    @Test
    void anUnsetDirectoryIsReportedMissing() {
        tailer = new LogTailer(LogTailerOptions.of(null), got);
        tailer.start();
        assertThat(tailer.isDirectoryPresent()).isFalse();
        assertThat(tailer.tail(5, LogFilter.NONE)).isEmpty();
    }

    @Test
    void anUnreadableFileDoesNotStopTheOthers() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads files whatever their mode");
        Path secret = dir.resolve("secret.log");
        append(secret, "");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        start(dir);

        append(secret, "hidden\n");
        append(dir.resolve("open.log"), "visible\n");

        awaitMessages("visible");
    }

    @Test
    void aDirectoryWithALogNameIsSkippedAndOthersKeepStreaming() throws IOException {
        Files.createDirectory(dir.resolve("weird.log"));
        start(dir);

        append(dir.resolve("fine.log"), "ok\n");

        awaitMessages("ok");
    }

    @Test
    void tailReturnsTheLastMatchingEntriesOldestFirstAcrossFilesInModificationOrder() throws IOException {
        Path older = dir.resolve("b-older.log");
        Path newer = dir.resolve("a-newer.json");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            text.append("2025-01-30T10:00:").append(String.format("%02d", i)).append(" W ")
                    .append(i % 2 == 0 ? "INFO" : "ERROR").append(" o/r [push][h").append(i).append("]: t")
                    .append(i).append('\n');
        }
        append(older, text.toString());
        append(newer, "{\"message\":\"j0\",\"level\":\"INFO\"}\n{\"message\":\"j1\",\"level\":\"ERROR\"}\n"
                + "{\"message\":\"unfinished\"");
        Files.setLastModifiedTime(older, FileTime.fromMillis(1_000_000_000_000L));
        Files.setLastModifiedTime(newer, FileTime.fromMillis(1_100_000_000_000L));
        start(dir);

        assertThat(tailer.tail(3, LogFilter.NONE)).extracting(LogEntry::message).containsExactly("t19", "j0", "j1");
        assertThat(tailer.tail(4, LogFilter.fromQuery(java.util.Map.of("level", "ERROR"))))
                .extracting(LogEntry::message).containsExactly("t15", "t17", "t19", "j1");
        assertThat(tailer.tail(100, LogFilter.NONE)).hasSize(22);
        assertThat(tailer.tail(0, LogFilter.NONE)).isEmpty();
        assertThat(tailer.tail(5, LogFilter.fromQuery(java.util.Map.of("hook_id", "h4"))))
                .extracting(LogEntry::message).containsExactly("t4");
    }

    @Test
    void tailReadsTheEndOfALargeFileWithoutMissingLines() throws IOException {
        Path log = dir.resolve("large.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        append(log, text.toString());
        start(dir);

        List<LogEntry> last = tailer.tail(LogTailer.MAX_TAIL + 5, LogFilter.NONE);

        List<String> expected = new ArrayList<>();
        for (int i = 30_000 - LogTailer.MAX_TAIL; i < 30_000; i++) {
            expected.add("line " + i);
        }
        assertThat(last).extracting(LogEntry::message).containsExactlyElementsOf(expected);
    }

    @Test
    void entriesAreRedactedBeforeTheListenerSeesThem() throws IOException {
        start(dir);

        append(dir.resolve("app.log"), "2025-01-30T10:30:00 W INFO cloning with ghp_abcdefghijklmnop\n");

        awaitMessages("cloning with [REDACTED]");
        assertThat(tailer.tail(1, LogFilter.NONE).get(0).message()).isEqualTo("cloning with [REDACTED]");
    }

    @Test
    void anAppendedLineReachesTheListenerWellUnderAHundredMilliseconds() throws IOException {
        Path log = dir.resolve("latency.log");
        append(log, "");
        start(dir);
        long[] latencies = new long[15];
        for (int i = 0; i < latencies.length; i++) {
            int expected = i + 1;
            long t0 = System.nanoTime();
            append(log, "l" + i + "\n");
            Eventually.until("line " + i, () -> got.size() >= expected);
            latencies[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        Arrays.sort(latencies);
        assertThat(latencies[latencies.length / 2]).as("median ms of %s", Arrays.toString(latencies)).isLessThan(100);
    }

    @Test
    void stopEndsTheThreadAndNothingMoreArrives() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "");
        start(dir);
        append(log, "one\n");
        awaitMessages("one");

        tailer.stop();
        append(log, "two\n");

        Eventually.stays("entries after stop", QUIET, got::size, 1);
        Eventually.until("tailer thread gone", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("herald-log-tailer")));
    }
}
