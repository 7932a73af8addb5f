package dev.herald.core.webhook;

/** What kind of network an IP address belongs to, as far as calling it from a server is concerned. */
public enum AddressClass {
    /** Routable on the internet: the only class production mode calls. */
    PUBLIC,
    /** {@code 127.0.0.0/8}, {@code ::1}. */
    LOOPBACK,
    /** RFC 1918 {@code 10/8}, {@code 172.16/12}, {@code 192.168/16}; unique-local {@code fc00::/7}; site-local {@code fec0::/10}. */
    PRIVATE,
    /** {@code 169.254/16}, {@code fe80::/10}. */
    LINK_LOCAL,
    /** Cloud instance metadata services ({@code 169.254.169.254}, {@code fd00:ec2::254}, …): credentials live there. */
    METADATA,
    /** {@code 0.0.0.0}, {@code ::}: "this host" to most stacks. */
    UNSPECIFIED,
    /** {@code 224/4}, {@code ff00::/8}. */
    MULTICAST,
    /** Carrier-grade NAT {@code 100.64/10} (RFC 6598): another operator's private network. */
    SHARED,
    /** Not for hosts: {@code 0/8}, {@code 192.0.0/24}, benchmarking {@code 198.18/15}, {@code 240/4} and broadcast. */
    RESERVED;

    public boolean isPublic() {
        return this == PUBLIC;
    }
}
