package dev.herald.server.hardening;

import dev.herald.core.webhook.HostResolver;
import dev.herald.server.testkit.HttpApiClient;
import dev.herald.server.testkit.TestServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In {@code mode: production}, every spelling of an internal address is refused at creation: decimal, octal, hex
 * and short IPv4 forms, IPv6 loopback, unspecified, unique-local and IPv4-mapped forms, {@code localhost.} with its
 * root dot, and DNS names that resolve to loopback or the metadata address (a fixed resolver stands in for an
 * attacker's DNS). The answer is 400 {@code forbidden_target}, or {@code unresolvable_host} for a form that is no
 * address and no name a resolver knows. A public name is still accepted. (Redirects are never followed at send time:
 * {@code WebhookDeliveryTest}, error {@code redirect}.)
 */
class SsrfHardeningTest {

    static final HostResolver DNS = host -> switch (host.toLowerCase(java.util.Locale.ROOT)) {
        case "public.example" -> List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34}));
        case "rebind.example" -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        case "mixed.example" -> List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34}),
                InetAddress.getByAddress(host, new byte[] {10, 1, 2, 3}));
        case "metadata.example" -> List.of(InetAddress.getByAddress(host, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254}));
        case "localhost", "localhost." -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        default -> {
            // Address literals resolve to themselves, as the system resolver does; other names are unknown here.
            if (host.matches("[0-9a-fA-FxX.:\\[\\]%]+")) {
                yield List.of(InetAddress.getAllByName(host));
            }
            throw new UnknownHostException(host);
        }
    };

    @Test
    void everySpellingOfAnInternalAddressIsRefusedInProduction() {
        try (TestServer prod = TestServer.start(Map.of("mode", "production"), DNS)) {
            HttpApiClient api = prod.api();
            String[] hosts = {"127.0.0.1", "2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "127.1", "0",
                    "0.0.0.0", "[::1]", "[::]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:a00:1]",
                    "[fd00::1]", "[fe80::1]", "169.254.169.254", "10.0.0.1", "192.168.1.1", "172.16.0.1", "100.64.0.1",
                    "localhost", "localhost.", "LOCALHOST", "rebind.example", "mixed.example", "metadata.example",
                    "127.0.0.1.nip.io"};
            for (String host : hosts) {
                HttpApiClient.Response r = api.post("/api/v1/webhooks",
                        "{\"url\":\"https://" + host + "/hook\",\"event_types\":[\"*\"]}", "application/json");
                assertThat(r.status()).as(host + ": " + r.body()).isEqualTo(400);
                assertThat(r.errorCode()).as(host).isIn("forbidden_target", "unresolvable_host", "invalid_request");
            }
            assertThat(api.post("/api/v1/webhooks", "{\"url\":\"https://public.example/hook\",\"event_types\":[\"*\"]}",
                    "application/json").status()).isEqualTo(201);
            assertThat(api.get("/api/v1/webhooks").json().path("data").size()).isEqualTo(1);
        }
    }
}
