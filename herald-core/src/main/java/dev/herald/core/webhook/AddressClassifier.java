package dev.herald.core.webhook;

import java.net.InetAddress;

/**
 * Sorts IP addresses into {@link AddressClass}es. IPv6 forms that carry an IPv4 address (mapped
 * {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16})
 * are judged by that IPv4 address, because that is where a packet sent to them ends up. Works on the bytes
 * alone: no DNS, no reverse lookup. Thread-safe; no state.
 */
public final class AddressClassifier {
    private AddressClassifier() {
    }

    public static AddressClass classify(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? classifyV4(u(b[0]), u(b[1]), u(b[2]), u(b[3])) : classifyV6(b);
    }

    private static AddressClass classifyV4(int a, int b, int c, int d) {
        if ((a == 169 && b == 254 && c == 169 && d == 254) // AWS, GCP, Azure, OpenStack …
                || (a == 169 && b == 254 && c == 170 && d == 2) // AWS ECS task metadata
                || (a == 100 && b == 100 && c == 100 && d == 200)) { // Alibaba Cloud
            return AddressClass.METADATA;
        }
        if (a == 0) {
            return b == 0 && c == 0 && d == 0 ? AddressClass.UNSPECIFIED : AddressClass.RESERVED;
        }
        if (a == 127) {
            return AddressClass.LOOPBACK;
        }
        if (a == 10 || (a == 172 && (b & 0xF0) == 16) || (a == 192 && b == 168)) {
            return AddressClass.PRIVATE;
        }
        if (a == 169 && b == 254) {
            return AddressClass.LINK_LOCAL;
        }
        if (a == 100 && (b & 0xC0) == 64) {
            return AddressClass.SHARED;
        }
        if (a >= 224 && a <= 239) {
            return AddressClass.MULTICAST;
        }
        if (a >= 240 || (a == 192 && b == 0 && c == 0) || (a == 198 && (b == 18 || b == 19))) {
            return AddressClass.RESERVED;
        }
        return AddressClass.PUBLIC;
    }

    private static AddressClass classifyV6(byte[] b) {
        if (zero(b, 0, 16)) {
            return AddressClass.UNSPECIFIED;
        }
        if (zero(b, 0, 15) && b[15] == 1) {
            return AddressClass.LOOPBACK;
        }
        boolean mapped = zero(b, 0, 10) && u(b[10]) == 0xFF && u(b[11]) == 0xFF;
        boolean compatible = zero(b, 0, 12);
        boolean nat64 = u(b[0]) == 0x00 && u(b[1]) == 0x64 && u(b[2]) == 0xFF && u(b[3]) == 0x9B && zero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return classifyV4(u(b[12]), u(b[13]), u(b[14]), u(b[15]));
        }
        if (u(b[0]) == 0x20 && u(b[1]) == 0x02) { // 6to4: the IPv4 relay target sits in bytes 2..5
            AddressClass embedded = classifyV4(u(b[2]), u(b[3]), u(b[4]), u(b[5]));
            return embedded.isPublic() ? AddressClass.PUBLIC : embedded;
        }
        if (isAwsMetadataV6(b)) {
            return AddressClass.METADATA;
        }
        if (u(b[0]) == 0x01 && b[1] == 0 && zero(b, 2, 8)) { // 100::/64, discard-only
            return AddressClass.RESERVED;
        }
        if ((u(b[0]) & 0xFE) == 0xFC) {
            return AddressClass.PRIVATE;
        }
        if (u(b[0]) == 0xFE && (u(b[1]) & 0xC0) == 0x80) {
            return AddressClass.LINK_LOCAL;
        }
        if (u(b[0]) == 0xFE && (u(b[1]) & 0xC0) == 0xC0) {
            return AddressClass.PRIVATE; // deprecated site-local, still private where it is used
        }
        if (u(b[0]) == 0xFF) {
            return AddressClass.MULTICAST;
        }
        return AddressClass.PUBLIC;
    }

    /** {@code fd00:ec2::254}. */
    private static boolean isAwsMetadataV6(byte[] b) {
        return u(b[0]) == 0xFD && b[1] == 0 && u(b[2]) == 0x0E && u(b[3]) == 0xC2 && zero(b, 4, 14)
                && u(b[14]) == 0x02 && u(b[15]) == 0x54;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int u(byte b) {
        return b & 0xFF;
    }
}
