package dev.herald.client;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What {@link HeraldClient.Builder} collected; validated there. */
record Options(URI uri, String token, Supplier<String> tokenSupplier, Long since, Duration minDelay,
               Duration maxDelay, int maxAttempts, Duration connectTimeout, Consumer<Status> onStatus,
               Consumer<Throwable> onError) {
}
