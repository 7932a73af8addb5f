package dev.herald.core.logs;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The backlog/live join, with live entries arriving exactly while the backlog is read. */
class LogFanoutTest {
    private static final String FILE = "inode-1";

    private static LogEntry at(String message, long end) {
        return LogEntry.builder().message(message).build().withPosition(new LogPosition("a.log", FILE, end));
    }

    @Test
    void liveEntriesAlreadyInTheBacklogAreSkippedAndLaterOnesFollowIt() {
        LogFanout[] fanout = new LogFanout[1];
        fanout[0] = new LogFanout((n, f) -> {
            // The tailer delivers these while the backlog is being read.
            fanout[0].onEntry(at("b3", 30));
            fanout[0].onEntry(at("b4", 40));
            return new TailReader.Backlog(List.of(at("b1", 10), at("b2", 20), at("b3", 30)), Map.of(FILE, 30L));
        }, 100);
        Collector sink = new Collector();

        fanout[0].subscribe(LogFilter.NONE, 3, sink);
        fanout[0].onEntry(at("b5", 50));

        assertThat(sink.messages()).containsExactly("b1", "b2", "b3", "b4", "b5");
    }

    @Test
    void aSubscriberThatPilesUpTooMuchDuringItsBacklogIsToldAndDropped() {
        LogFanout[] fanout = new LogFanout[1];
        fanout[0] = new LogFanout((n, f) -> {
            for (int i = 0; i < 3; i++) {
                fanout[0].onEntry(at("live" + i, 100 + i));
            }
            return new TailReader.Backlog(List.of(at("old", 10)), Map.of(FILE, 10L));
        }, 2);
        Collector sink = new Collector();

        fanout[0].subscribe(LogFilter.NONE, 1, sink);
        fanout[0].onEntry(at("after", 200));

        assertThat(sink.wasOverflowed()).isTrue();
        assertThat(sink.messages()).containsExactly("old");
        assertThat(fanout[0].subscriberCount()).isZero();
    }
}
