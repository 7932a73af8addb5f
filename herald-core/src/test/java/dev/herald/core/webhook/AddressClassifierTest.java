package dev.herald.core.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class AddressClassifierTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "93.184.216.34, PUBLIC",
            "8.8.8.8, PUBLIC",
            "172.32.0.1, PUBLIC",
            "100.128.0.1, PUBLIC",
            "2606:2800:220:1:248:1893:25c8:1946, PUBLIC",
            "127.0.0.1, LOOPBACK",
            "127.255.255.254, LOOPBACK",
            "::1, LOOPBACK",
            "10.0.0.5, PRIVATE",
            "172.16.0.1, PRIVATE",
            "172.31.255.255, PRIVATE",
            "192.168.1.1, PRIVATE",
            "fc00::1, PRIVATE",
            "fd12:3456::1, PRIVATE",
            "fec0::1, PRIVATE",
            "169.254.1.1, LINK_LOCAL",
            "fe80::1, LINK_LOCAL",
            "febf::1, LINK_LOCAL",
            "169.254.169.254, METADATA",
            "169.254.170.2, METADATA",
            "100.100.100.200, METADATA",
            "fd00:ec2::254, METADATA",
            "0.0.0.0, UNSPECIFIED",
            "::, UNSPECIFIED",
            "224.0.0.1, MULTICAST",
            "239.255.255.250, MULTICAST",
            "ff02::1, MULTICAST",
            "100.64.0.1, SHARED",
            "100.127.255.255, SHARED",
            "0.1.2.3, RESERVED",
            "240.0.0.1, RESERVED",
            "255.255.255.255, RESERVED",
            "192.0.0.170, RESERVED",
            "198.18.0.1, RESERVED",
            "100::1, RESERVED",
    })
    void addressesAreSortedIntoTheirClass(String address, AddressClass expected) throws UnknownHostException {
        assertThat(AddressClassifier.classify(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is judged by its IPv4 address: {1}")
    @CsvSource({
            "::ffff:127.0.0.1, LOOPBACK",
            "::ffff:169.254.169.254, METADATA",
            "::ffff:10.1.2.3, PRIVATE",
            "::ffff:93.184.216.34, PUBLIC",
            "::127.0.0.1, LOOPBACK",
            "64:ff9b::a9fe:a9fe, METADATA",
            "64:ff9b::192.168.0.1, PRIVATE",
            "2002:7f00:1::1, LOOPBACK",
            "2002:5db8:d822::1, PUBLIC",
    })
    void ipv6FormsCarryingAnIpv4AddressAreJudgedByIt(String address, AddressClass expected) throws UnknownHostException {
        assertThat(AddressClassifier.classify(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} given as 16 raw bytes is still {1}")
    @CsvSource({"127.0.0.1, LOOPBACK", "169.254.169.254, METADATA"})
    void mappedAddressesBuiltFromRawBytesAreJudgedTheSame(String v4, AddressClass expected) throws UnknownHostException {
        byte[] b = new byte[16];
        b[10] = (byte) 0xFF;
        b[11] = (byte) 0xFF;
        System.arraycopy(InetAddress.getByName(v4).getAddress(), 0, b, 12, 4);
        assertThat(AddressClassifier.classify(java.net.Inet6Address.getByAddress(null, b, -1))).isEqualTo(expected);
    }
}
