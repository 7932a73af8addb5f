package dev.herald.server.client;

import dev.herald.server.testkit.Eventually;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The threads Java clients own ({@code herald-client-…}), for "nothing left behind" checks. */
final class Threads {
    private Threads() {
    }

    static List<String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("herald-client-"))
                .collect(Collectors.toList());
    }

    static void awaitNoneLeft(Duration timeout) {
        Eventually.until("no herald-client thread is left (now: " + clientThreads() + ")", timeout,
                () -> clientThreads().isEmpty());
    }
}
