package dev.herald.core.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * A webhook URL that passed {@link TargetGuard}, with the addresses it was judged by. The sender connects to
 * one of these addresses (sending the URL's host as TLS SNI and {@code Host}), never to a fresh lookup of the
 * name, so DNS cannot change between the check and the connection (DNS rebinding).
 *
 * @param port the URL's port, or 443/80 for https/http when it has none
 */
public record ResolvedTarget(URI url, String host, int port, List<InetAddress> addresses) {
    public ResolvedTarget {
        addresses = List.copyOf(addresses);
    }
}
