package dev.herald.core.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses. May block (DNS): call it off event-loop threads. Injected so that
 * tests of {@link TargetGuard} need no network.
 */
@FunctionalInterface
public interface HostResolver {
    /**
     * @return at least one address
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver (system DNS, {@code /etc/hosts}, the JVM's DNS cache). */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
