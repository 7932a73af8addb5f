package dev.herald.server.dashboard;

import dev.herald.core.json.Json;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.Vertx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /dashboard/api/stream/overview}: the node's counters as {@code text/event-stream}, one JSON sample a
 * second (running totals; the page draws rates from their differences). These are node-wide figures, the ones
 * {@code /metrics} shows, not any tenant's data. A reader that falls behind skips samples instead of queueing
 * them. Ends when the session does. Runs on its event loop.
 */
final class OverviewStream {
    static final long PERIOD_MS = 1000;

    private OverviewStream() {
    }

    static void open(Vertx vertx, HttpServerResponse response, DashboardSession session, DashboardSessions sessions,
                     MeterRegistry registry) {
        if (!session.openStream(DashboardRoutes.MAX_STREAMS_PER_SESSION)) {
            response.setStatusCode(429).end();
            return;
        }
        DashboardRoutes.startEventStream(response);
        response.write(sample(registry));
        long timer = vertx.setPeriodic(PERIOD_MS, id -> {
            if (!sessions.stillLive(session)) {
                response.end();
            } else if (!response.writeQueueFull()) {
                response.write(sample(registry));
            }
        });
        response.closeHandler(v -> {
            vertx.cancelTimer(timer);
            session.closeStream();
        });
    }

    static String sample(MeterRegistry registry) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", System.currentTimeMillis());
        Map<String, Long> connections = new TreeMap<>();
        for (Meter g : registry.find("herald_connections").meters()) {
            connections.merge(g.getId().getTag("endpoint"), (long) value(g), Long::sum);
        }
        m.put("connections", connections);
        m.put("events", (long) sum(registry, "herald_events_accepted", null));
        m.put("deliveries", (long) (sum(registry, "herald_deliveries", "delivered")
                + sum(registry, "herald_deliveries", "succeeded")));
        double failedAttempts = 0;
        for (Meter a : registry.find("herald_webhook_attempts").meters()) {
            if (!"success".equals(a.getId().getTag("outcome"))) {
                failedAttempts += value(a);
            }
        }
        m.put("webhook_failures", (long) failedAttempts);
        m.put("slow_consumer_drops", (long) sum(registry, "herald_slow_consumer_disconnects", null));
        return "data: " + Json.write(m) + "\n\n";
    }

    private static double sum(MeterRegistry registry, String name, String outcome) {
        double total = 0;
        for (Meter meter : registry.find(name).meters()) {
            if (outcome == null || outcome.equals(meter.getId().getTag("outcome"))) {
                total += value(meter);
            }
        }
        return total;
    }

    private static double value(Meter meter) {
        for (Measurement ms : meter.measure()) {
            return Double.isFinite(ms.getValue()) ? ms.getValue() : 0;
        }
        return 0;
    }
}
