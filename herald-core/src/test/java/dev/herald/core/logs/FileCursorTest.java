package dev.herald.core.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The cursor steps the tailer's timing makes hard to force: what happens between two passes. */
class FileCursorTest {
    private static final int MAX = LogTailerOptions.DEFAULT_MAX_LINE_BYTES;

    @TempDir
    Path dir;
    private final ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
    private final List<String> lines = new ArrayList<>();
    private final List<Long> ends = new ArrayList<>();

    private FileCursor cursor(Path file, boolean fromStart) throws IOException {
        LogFiles.Found f = LogFiles.list(dir).stream().filter(x -> x.path().equals(file)).findFirst().orElseThrow();
        return new FileCursor(f, fromStart, MAX);
    }

    private void read(FileCursor c) throws IOException {
        c.readAvailable(scratch, (text, end) -> {
            lines.add(text);
            ends.add(end);
        });
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void linesWrittenJustBeforeARenameAreReadThroughTheOpenFile() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "one\n");
        FileCursor c = cursor(log, true);
        assertThat(c.open(MAX)).isTrue();
        read(c);

        append(log, "two\nunfinished");
        Files.move(log, dir.resolve("app.log.1"));
        c.finish(scratch, (text, end) -> lines.add(text));

        assertThat(lines).containsExactly("one", "two", "unfinished");
    }

    @Test
    void linesWrittenJustBeforeADeletionAreStillRead() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "");
        FileCursor c = cursor(log, true);
        c.open(MAX);

        append(log, "last words\n");
        Files.delete(log);
        c.finish(scratch, (text, end) -> lines.add(text));

        assertThat(lines).containsExactly("last words");
    }

    @Test
    void aFileFoundAtStartIsFollowedFromTheStartOfItsUnfinishedLastLine() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "history\nhalf a ");
        FileCursor c = cursor(log, false);
        c.open(MAX);

        append(log, "line\n");
        read(c);

        assertThat(lines).containsExactly("half a line");
        assertThat(ends).containsExactly(Files.size(log));
    }

    @Test
    void aFileThatCannotBeOpenedIsReportedNotThrown() throws IOException {
        Path log = dir.resolve("gone.log");
        append(log, "x\n");
        FileCursor c = cursor(log, true);
        Files.delete(log);

        assertThat(c.open(MAX)).isFalse();
        assertThat(c.open(MAX)).isFalse();
    }

    @Test
    void longLinesAreCutOnACharacterBoundaryAndCarriageReturnsDropped() {
        LineAssembler a = new LineAssembler(256);
        List<String> out = new ArrayList<>();
        String euro = "€".repeat(100); // 300 bytes: the cut at 256 falls inside a character
        byte[] bytes = (euro + "\nwindows\r\n").getBytes(StandardCharsets.UTF_8);

        a.feed(ByteBuffer.wrap(bytes), 0, (text, end) -> out.add(text));

        assertThat(out.get(0)).isEqualTo("€".repeat(85) + "…[truncated 45 bytes]");
        assertThat(out.get(1)).isEqualTo("windows");
        assertThat(a.hasPartial()).isFalse();
    }
}
