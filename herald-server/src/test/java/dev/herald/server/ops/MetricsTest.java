package dev.herald.server.ops;

import dev.herald.server.testkit.Eventually;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /metrics}: the JVM and process meters every dashboard expects, and deliveries by channel. */
class MetricsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String metrics() {
        return server.api(null).get("/metrics").body();
    }

    @Test
    void jvmGcThreadFileDescriptorAndProcessMetersAreExported() {
        String text = metrics();
        assertThat(text).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "jvm_info{", "process_files_open_files", "process_files_max_files",
                "process_cpu_usage", "process_uptime_seconds", "process_start_time_seconds", "system_cpu_count");
    }

    @Test
    void sseDeliveriesAreCountedUnderTheSseChannelNotWs() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.http() + "/sse/events?types=metered.sse"))
                .header("Authorization", "Bearer " + server.token("sse-metrics")).build();
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // the stream was closed by the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            Eventually.until("the stream is open", () -> lines.contains(": connected"));
            server.api().publishEvent("metered.sse", "{}");
            Eventually.until("the event arrives", () -> lines.contains("event: metered.sse"));
            Eventually.until("the sse delivery is counted", () -> metrics()
                    .matches("(?s).*herald_deliveries_total\\{channel=\"sse\",outcome=\"delivered\"} [1-9].*"));
            assertThat(metrics()).contains("herald_deliveries_total{channel=\"ws\",outcome=\"delivered\"} 0.0");
        } finally {
            r.body().close();
        }
    }
}
