package dev.herald.client;

import java.net.http.HttpClient;

/** What the JDK's HTTP client offers for letting go of its selector thread, whichever Java runs this. */
final class JdkHttp {
    private JdkHttp() {
    }

    /**
     * Java 21+ has {@code HttpClient.shutdownNow()}, which stops the client's selector thread at once; this
     * module is built for Java 17, so it is called by name. On 17 that thread ends by itself once the
     * client is no longer referenced, which the caller ensures.
     */
    static void shutdownNow(HttpClient client) {
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(client);
        } catch (NoSuchMethodException e) {
            // Java 17–20
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a client that cannot stop early still stops once unreferenced
        }
    }
}
