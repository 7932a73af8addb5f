package dev.herald.core.logs;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogFilterTest {
    private static final LogEntry ENTRY = LogEntry.builder().level("ERROR").hookId("h1").eventType("pull_request")
            .repository("my-org/my-repo").prNumber(123).githubUser("octocat").message("m").build();

    @Test
    void noParametersOrEmptyOnesMatchEverything() {
        assertThat(LogFilter.fromQuery(Map.of()).matches(ENTRY)).isTrue();
        assertThat(LogFilter.fromQuery(Map.of("repository", "", "pr_number", "", "tail", "5")).isEmpty()).isTrue();
        assertThat(LogFilter.NONE.matches(LogEntry.unparsed("x"))).isTrue();
    }

    @Test
    void everyGivenFieldMustMatchExactly() {
        Map<String, String> all = Map.of("hook_id", "h1", "pr_number", "123", "repository", "my-org/my-repo",
                "event_type", "pull_request", "github_user", "octocat", "level", "ERROR");
        assertThat(LogFilter.fromQuery(all).matches(ENTRY)).isTrue();
        for (String key : all.keySet()) {
            Map<String, String> one = new HashMap<>(all);
            one.put(key, all.get(key).equals("123") ? "124" : all.get(key) + "x");
            assertThat(LogFilter.fromQuery(one).matches(ENTRY)).as(key).isFalse();
        }
    }

    @Test
    void matchingIsCaseSensitive() {
        assertThat(LogFilter.fromQuery(Map.of("level", "error")).matches(ENTRY)).isFalse();
        assertThat(LogFilter.fromQuery(Map.of("repository", "My-Org/my-repo")).matches(ENTRY)).isFalse();
    }

    @Test
    void aFieldMissingFromTheEntryDoesNotMatchAFilterOnIt() {
        assertThat(LogFilter.fromQuery(Map.of("pr_number", "1")).matches(LogEntry.unparsed("x"))).isFalse();
    }

    @Test
    void prNumberIsComparedAsAnInteger() {
        assertThat(LogFilter.fromQuery(Map.of("pr_number", "0123")).matches(ENTRY)).isTrue();
    }

    @Test
    void nonIntegerPrNumberIsRejectedWithTheInvalidPrNumberError() {
        for (String bad : List.of("abc", "1.5", "12a", "99999999999", " 1")) {
            assertThatThrownBy(() -> LogFilter.fromQuery(Map.of("pr_number", bad)))
                    .isInstanceOfSatisfying(HeraldException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(e.detail()).isEqualTo("invalid pr_number");
                        assertThat(e.field()).isEqualTo("pr_number");
                    });
        }
    }

    @Test
    void indexOfAThousandDifferentFiltersFindsExactlyTheMatchingSubscribers() {
        Random r = new Random(7);
        String[] repos = {"o/a", "o/b", "o/c"};
        String[] levels = {"INFO", "ERROR", "DEBUG"};
        LogFilterIndex<Integer> index = new LogFilterIndex<>();
        Map<Integer, LogFilter> filters = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            LogFilter f = LogFilter.NONE;
            if (r.nextInt(3) == 0) {
                f = f.with(LogField.HOOK_ID, "h" + r.nextInt(50));
            }
            if (r.nextInt(3) == 0) {
                f = f.with(LogField.PR_NUMBER, Integer.toString(r.nextInt(20)));
            }
            if (r.nextInt(2) == 0) {
                f = f.with(LogField.REPOSITORY, repos[r.nextInt(3)]);
            }
            if (r.nextInt(2) == 0) {
                f = f.with(LogField.LEVEL, levels[r.nextInt(3)]);
            }
            index.add(i, f);
            filters.put(i, f);
        }
        for (int i = 0; i < 1000; i += 3) {
            index.remove(i);
            filters.remove(i);
        }
        assertThat(index.size()).isEqualTo(filters.size());
        for (int n = 0; n < 300; n++) {
            LogEntry e = LogEntry.builder().hookId("h" + r.nextInt(50)).prNumber(r.nextInt(20))
                    .repository(repos[r.nextInt(3)]).level(levels[r.nextInt(3)]).build();
            List<Integer> got = new ArrayList<>();
            index.forEachMatch(e, got::add);
            Set<Integer> expected = new HashSet<>();
            filters.forEach((id, f) -> {
                if (f.matches(e)) {
                    expected.add(id);
                }
            });
            assertThat(got).doesNotHaveDuplicates();
            assertThat(new HashSet<>(got)).isEqualTo(expected);
        }
    }
}
