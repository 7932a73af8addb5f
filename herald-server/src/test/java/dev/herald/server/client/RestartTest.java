package dev.herald.server.client;

import dev.herald.client.HeraldClient;
import dev.herald.client.HeraldEvent;
import dev.herald.client.Status;
import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.ServerProcess;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The client across real server restarts (SIGTERM, then kill -9) while events keep being published. */
class RestartTest {

    @Test
    void everyEventAcceptedWhileTheClientWasAwayArrivesOnceAndInOrderAcrossSigtermAndKillDashNine(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("data");
        int port = ServerProcess.freePort();
        Map<String, String> env = Map.of();
        String base = "127.0.0.1:" + port;
        ServerProcess server = ServerProcess.start(data, port, env);
        List<HeraldEvent> got = new CopyOnWriteArrayList<>();
        List<Status> statuses = new CopyOnWriteArrayList<>();
        try (HeraldClient client = HeraldClient.builder(URI.create("ws://" + base + "/ws/events"))
                .token(new TestServer.Tokens().issue("restarts"))
                .minDelay(Duration.ofMillis(100)).maxDelay(Duration.ofMillis(500)).maxAttempts(200)
                .onStatus(statuses::add).build()) {
            client.subscribe("restart.tick", got::add);
            Eventually.until("open", Duration.ofSeconds(15), client::connected);
            try (Publisher publisher = new Publisher("http://" + base, Files.readString(data.resolve("admin-key")).trim(),
                    "restart.tick", () -> !client.connected())) {
                Eventually.until("events flow", Duration.ofSeconds(15), () -> got.size() >= 20);

                assertThat(server.terminate()).isZero();
                Eventually.until("the client noticed", () -> !client.connected());
                server = ServerProcess.start(data, port, env);
                Eventually.until("back after SIGTERM", Duration.ofSeconds(30), client::connected);
                int sent = publisher.count();
                Eventually.until("events flow again", Duration.ofSeconds(15), () -> got.size() > sent);

                server.kill9();
                Eventually.until("the client noticed", () -> !client.connected());
                server = ServerProcess.start(data, port, env);
                Eventually.until("back after kill -9", Duration.ofSeconds(30), client::connected);
                int sent2 = publisher.count();
                Eventually.until("events flow again", Duration.ofSeconds(15), () -> got.size() > sent2);
                publisher.close();

                Eventually.until("every accepted event arrived", Duration.ofSeconds(30),
                        () -> got.size() >= publisher.count());
                Eventually.stays("nothing more arrives", Duration.ofMillis(500), got::size, publisher.count());
                assertThat(got).extracting(e -> e.seq().getAsLong()).containsExactlyElementsOf(publisher.accepted.keySet());
                assertThat(got).extracting(HeraldEvent::id).containsExactlyElementsOf(new ArrayList<>(publisher.accepted.values()));
                System.err.printf("restart test: %d events, %d accepted while the client was away%n",
                        publisher.count(), publisher.acceptedWhileAway);
                assertThat(publisher.acceptedWhileAway).as("events accepted while the client was away").isPositive();
                assertThat(statuses).extracting(Status::state).doesNotContain(Status.State.FAILED);
                assertThat(statuses).noneMatch(Status::recoveryFailed);
            }
        } finally {
            server.close();
        }
    }
}
