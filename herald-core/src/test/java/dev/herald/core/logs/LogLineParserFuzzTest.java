package dev.herald.core.logs;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.json.Json;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log-line parsers against any line a log file can hold. {@link LogLineParser} turns a parser's exception
 * into a raw entry, which would hide a bug: so each parser is called directly here and must be total itself. Every
 * entry's wire form must be a JSON object a client can read, and a line no parser understood keeps its text.
 * Corpus: {@code LogLineParserFuzzTestInputs/} (this test lives in the parsers' package to reach them).
 */
class LogLineParserFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void theJsonLinesParserIsTotalAndWritesReadableEntries(byte[] bytes) {
        String line = new String(bytes, StandardCharsets.UTF_8);
        LogEntry entry = JsonLineParser.parse(line);
        check(line, entry);
        JsonNode record = Json.parseOrNull(line);
        if (record == null || !record.isObject()) {
            assertThat(entry.message()).as("a line that is no JSON object is sent as it was").isEqualTo(line);
        }
    }

    @FuzzTest(maxDuration = "5s")
    void theTextParserIsTotalAndWritesReadableEntries(byte[] bytes) {
        String line = new String(bytes, StandardCharsets.UTF_8);
        LogEntry entry = TextLineParser.parse(line);
        check(line, entry);
        assertThat(entry.message()).as("every text entry has a message, the raw line when unparsed").isNotNull();
    }

    @FuzzTest(maxDuration = "5s")
    void theDispatcherDropsOnlyBlankLines(byte[] bytes) {
        String line = new String(bytes, StandardCharsets.UTF_8);
        for (LogFormat format : LogFormat.values()) {
            LogEntry e = LogLineParser.parse(line, format);
            assertThat(e == null).as("null entry for %s", line).isEqualTo(line.isBlank());
        }
    }

    private static void check(String line, LogEntry entry) {
        assertThat(entry).isNotNull();
        JsonNode wire = Json.parseOrNull(entry.json());
        assertThat(wire).as("wire form of %s", line).isNotNull();
        assertThat(wire.isObject()).isTrue();
        assertThat(wire.has("message") && wire.has("pr_number")).as("the nine fields are always there").isTrue();
    }
}
