package dev.herald.core.logs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LogLineParserTest {

    private static LogEntry text(String line) {
        return LogLineParser.parse(line, LogFormat.TEXT);
    }

    private static LogEntry json(String line) {
        return LogLineParser.parse(line, LogFormat.JSON_LINES);
    }

    @Test
    void textLineWithFullPrefixBecomesFieldsAndThePrefixLeavesTheMessage() {
        LogEntry e = text("2025-01-30T10:30:00.123000 GithubWebhook INFO my-org/my-repo "
                + "[pull_request][abc-123][octocat][PR 123]: Processing webhook");

        assertThat(e.timestamp()).isEqualTo("2025-01-30T10:30:00.123000");
        assertThat(e.loggerName()).isEqualTo("GithubWebhook");
        assertThat(e.level()).isEqualTo("INFO");
        assertThat(e.repository()).isEqualTo("my-org/my-repo");
        assertThat(e.eventType()).isEqualTo("pull_request");
        assertThat(e.hookId()).isEqualTo("abc-123");
        assertThat(e.githubUser()).isEqualTo("octocat");
        assertThat(e.prNumber()).isEqualTo(123);
        assertThat(e.message()).isEqualTo("Processing webhook");
    }

    @Test
    void textPrefixWithoutPrSegmentLeavesPrNumberNull() {
        LogEntry e = text("2025-01-30T10:30:00.123000 GithubWebhook DEBUG my-org/my-repo "
                + "[push][d-1][bot]: pushed");

        assertThat(e.prNumber()).isNull();
        assertThat(e.githubUser()).isEqualTo("bot");
        assertThat(e.hookId()).isEqualTo("d-1");
        assertThat(e.message()).isEqualTo("pushed");
    }

    @Test
    void textPrefixWithoutUserStillYieldsEventAndHook() {
        LogEntry e = text("2025-01-30T10:30:00 PullRequestHandler WARNING my-org/r [check_run][h-9][PR 7]: slow");

        assertThat(e.eventType()).isEqualTo("check_run");
        assertThat(e.hookId()).isEqualTo("h-9");
        assertThat(e.githubUser()).isNull();
        assertThat(e.prNumber()).isEqualTo(7);
        assertThat(e.message()).isEqualTo("slow");
    }

    @Test
    void textPrefixWithoutRepositoryOrWithColoursIsStillRecognised() {
        LogEntry bare = text("2025-01-30T10:30:00.1Z GithubWebhook INFO [issue_comment][h][u]: hi");
        LogEntry coloured = text("2025-01-30T10:30:00+02:00 GithubWebhook \u001B[32mINFO\u001B[0m "
                + "\u001B[35mmy-org/my-repo\u001B[0m [pull_request][h2][u2][PR 5]: \u001B[1mbold\u001B[0m");

        assertThat(bare.repository()).isNull();
        assertThat(bare.eventType()).isEqualTo("issue_comment");
        assertThat(bare.timestamp()).isEqualTo("2025-01-30T10:30:00.1Z");
        assertThat(coloured.level()).isEqualTo("INFO");
        assertThat(coloured.repository()).isEqualTo("my-org/my-repo");
        assertThat(coloured.prNumber()).isEqualTo(5);
        assertThat(coloured.message()).isEqualTo("bold");
    }

    @Test
    void textLineWithoutPrefixKeepsItsWholeMessage() {
        LogEntry e = text("2025-01-30 10:30:00,123 root ERROR Something failed: [x] see above");

        assertThat(e.timestamp()).isEqualTo("2025-01-30 10:30:00,123");
        assertThat(e.level()).isEqualTo("ERROR");
        assertThat(e.message()).isEqualTo("Something failed: [x] see above");
        assertThat(e.repository()).isNull();
        assertThat(e.hookId()).isNull();
    }

    @Test
    void tracebackLinesBecomeRawMessagesWithEveryOtherFieldNull() {
        for (String raw : List.of("Traceback (most recent call last):",
                "  File \"/app/webhook_server/app.py\", line 42, in process",
                "KeyError: 'pull_request'")) {
            LogEntry e = text(raw);
            assertThat(e.message()).isEqualTo(raw);
            assertThat(e.timestamp()).isNull();
            assertThat(e.level()).isNull();
            assertThat(e.loggerName()).isNull();
            assertThat(e.toJson().get("message").asText()).isEqualTo(raw);
        }
    }

    @Test
    void blankLinesYieldNoEntry() {
        assertThat(text("")).isNull();
        assertThat(text("   \t")).isNull();
        assertThat(json("")).isNull();
    }

    @Test
    void jsonLogRecordMapsItsFieldsAndTheApiUserAlias() {
        LogEntry e = json("{\"type\":\"log_entry\",\"timestamp\":\"2026-01-05T10:00:00+00:00\",\"level\":\"ERROR\","
                + "\"logger_name\":\"GithubWebhook\",\"message\":\"boom\",\"hook_id\":\"h1\","
                + "\"event_type\":\"pull_request\",\"repository\":\"o/r\",\"pr_number\":12,\"api_user\":\"bot\"}");

        assertThat(e.timestamp()).isEqualTo("2026-01-05T10:00:00+00:00");
        assertThat(e.level()).isEqualTo("ERROR");
        assertThat(e.loggerName()).isEqualTo("GithubWebhook");
        assertThat(e.message()).isEqualTo("boom");
        assertThat(e.hookId()).isEqualTo("h1");
        assertThat(e.repository()).isEqualTo("o/r");
        assertThat(e.prNumber()).isEqualTo(12);
        assertThat(e.githubUser()).isEqualTo("bot");
        assertThat(e.extras()).containsOnlyKeys("type");
    }

    @Test
    void jsonAliasesNameAndMsgAreAcceptedAndNotRepeatedAsExtras() {
        LogEntry e = json("{\"time\":\"t\",\"levelname\":\"INFO\",\"name\":\"svc\",\"msg\":\"m\",\"event\":\"push\"}");

        assertThat(e.timestamp()).isEqualTo("t");
        assertThat(e.level()).isEqualTo("INFO");
        assertThat(e.loggerName()).isEqualTo("svc");
        assertThat(e.message()).isEqualTo("m");
        assertThat(e.eventType()).isEqualTo("push");
        assertThat(e.extras()).isEmpty();
    }

    @Test
    void jsonWebhookSummaryTakesPrNumberAndTimestampFromNestedObjects() {
        LogEntry e = json("{\"hook_id\":\"h\",\"event_type\":\"pull_request\",\"repository\":\"o/r\","
                + "\"pr\":{\"number\":\"42\",\"title\":\"t\"},\"api_user\":\"bot\","
                + "\"timing\":{\"started_at\":\"2026-01-05T10:00:00+00:00\",\"duration_ms\":5},\"success\":true}");

        assertThat(e.prNumber()).isEqualTo(42);
        assertThat(e.timestamp()).isEqualTo("2026-01-05T10:00:00+00:00");
        assertThat(e.level()).isNull();
        assertThat(e.extras()).containsOnlyKeys("pr", "timing", "success");
    }

    @Test
    void numericStringPrNumberIsConvertedAndAnythingElseBecomesNull() {
        assertThat(json("{\"pr_number\":\"123\"}").prNumber()).isEqualTo(123);
        assertThat(json("{\"pr_number\":\" 7 \"}").prNumber()).isEqualTo(7);
        assertThat(json("{\"pr_number\":8.0}").prNumber()).isEqualTo(8);
        assertThat(json("{\"pr_number\":\"abc\"}").prNumber()).isNull();
        assertThat(json("{\"pr_number\":\"99999999999\"}").prNumber()).isNull();
        assertThat(json("{\"pr_number\":1.5}").prNumber()).isNull();
        assertThat(json("{\"pr_number\":\"abc\"}").extras()).doesNotContainKey("pr_number");
    }

    @Test
    void wireJsonHasAllNineFieldsInOrderThenExtrasInSourceOrder() throws Exception {
        LogEntry e = json("{\"zeta\":1,\"message\":\"m\",\"alpha\":{\"k\":[1,2]},\"pr_number\":\"5\"}");
        JsonNode wire = Json.MAPPER.readTree(e.json());

        List<String> keys = new ArrayList<>();
        wire.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("timestamp", "level", "logger_name", "message", "hook_id", "event_type",
                "repository", "pr_number", "github_user", "zeta", "alpha");
        assertThat(wire.get("timestamp").isNull()).isTrue();
        assertThat(wire.get("pr_number").isInt()).isTrue();
        assertThat(wire.get("pr_number").intValue()).isEqualTo(5);
        assertThat(wire.get("alpha").get("k").get(1).intValue()).isEqualTo(2);
    }

    @Test
    void invalidJsonAndNonObjectJsonBecomeRawMessages() {
        for (String raw : List.of("{\"message\": \"cut", "[1,2,3]", "42", "not json at all", "{} trailing")) {
            LogEntry e = json(raw);
            assertThat(e.message()).isEqualTo(raw);
            assertThat(e.level()).isNull();
            assertThat(e.extras()).isEmpty();
        }
    }

    @Test
    void binaryGarbageNeverThrowsAndIsKeptAsText() {
        Random r = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[r.nextInt(300) + 1];
            r.nextBytes(b);
            String line = new String(b, StandardCharsets.UTF_8).replace("\n", "");
            for (LogFormat f : LogFormat.values()) {
                LogEntry e = LogLineParser.parse(line, f);
                if (e != null) {
                    assertThat(e.json()).isNotEmpty();
                }
            }
        }
    }

    @Test
    void rotatedAndHiddenNamesAreNotFollowed() {
        assertThat(LogFormat.ofFileName("webhooks_2025-01-30.json")).isEqualTo(LogFormat.JSON_LINES);
        assertThat(LogFormat.ofFileName("app.jsonl")).isEqualTo(LogFormat.JSON_LINES);
        assertThat(LogFormat.ofFileName("server.log")).isEqualTo(LogFormat.TEXT);
        for (String n : List.of("server.log.1", "x.json.2", "server.log.gz", "a.json.gz", ".x.json_1.tmp",
                ".hidden.log", "notes.txt")) {
            assertThat(LogFormat.ofFileName(n)).as(n).isNull();
        }
    }
}
