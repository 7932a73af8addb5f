package dev.herald.server.client;

import dev.herald.server.testkit.HttpApiClient;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BooleanSupplier;

/**
 * Publishes {@code type} events steadily on a background thread, through server restarts: each id is
 * retried until the server answers 202, so an event whose answer was lost to a crash is neither lost nor
 * doubled (the server dedupes ids). Records what was accepted, by seq.
 */
final class Publisher implements AutoCloseable {
    private final HttpApiClient api;
    private final String type;
    private final BooleanSupplier clientAway;
    private final Thread thread;
    private volatile boolean running = true;
    /** seq → id of every accepted event. */
    final Map<Long, String> accepted = new ConcurrentSkipListMap<>();
    /** How many were accepted while {@code clientAway} held. */
    volatile int acceptedWhileAway;

    Publisher(String baseUrl, String key, String type, BooleanSupplier clientAway) {
        this.api = new HttpApiClient(baseUrl, key);
        this.type = type;
        this.clientAway = clientAway;
        this.thread = new Thread(this::run, "publisher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        for (int i = 0; running; i++) {
            String id = "evt_" + type.replace('.', '_') + "_" + i;
            while (running) {
                boolean away = clientAway.getAsBoolean();
                if (publish(id, i)) {
                    if (away) {
                        acceptedWhileAway++;
                    }
                    break;
                }
                pause(50); // the server is down: leave the two CPUs to its restart
            }
            pause(5); // a steady stream, not a flood that starves the server's restart of CPU
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean publish(String id, int i) {
        try {
            HttpApiClient.Response r = api.publish("{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"data\":{\"i\":" + i + "}}");
            if (r.status() != 202) {
                return false;
            }
            accepted.put(r.json().path("events").get(0).path("seq").asLong(), id);
            return true;
        } catch (RuntimeException e) {
            return false; // the server is down or went down mid-request: the same id again
        }
    }

    int count() {
        return accepted.size();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(35_000);
    }
}
