package dev.herald.core.webhook;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetGuardTest {
    /** A DNS of fixed answers: no network in these tests. */
    private static final Map<String, List<String>> ZONE = Map.of(
            "hooks.example.com", List.of("93.184.216.34"),
            "localhost", List.of("127.0.0.1", "::1"),
            "internal.example.com", List.of("10.0.0.5"),
            "rebind.example.com", List.of("93.184.216.34", "169.254.169.254"),
            "v6.example.com", List.of("2606:2800:220:1:248:1893:25c8:1946"),
            "mapped.example.com", List.of("::ffff:127.0.0.1"));
    private final List<String> lookups = new ArrayList<>();
    private final HostResolver dns = host -> {
        lookups.add(host);
        List<String> answer = ZONE.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> out = new ArrayList<>();
        for (String a : answer) {
            out.add(InetAddress.getByName(a));
        }
        return out;
    };
    private final TargetGuard production = TargetGuard.production(dns);
    private final TargetGuard dev = TargetGuard.dev(dns);

    @Test
    void aPublicHttpsTargetPassesWithTheAddressesItWasJudgedBy() throws UnknownHostException {
        ResolvedTarget target = production.check("https://hooks.example.com/webhooks/sentinel?x=1");
        assertThat(target.host()).isEqualTo("hooks.example.com");
        assertThat(target.port()).isEqualTo(443);
        assertThat(target.addresses()).containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThat(production.check("https://v6.example.com:8443/").port()).isEqualTo(8443);
    }

    @Test
    void productionRequiresHttps() {
        assertRefused(() -> production.check("http://hooks.example.com/"), ErrorCode.INVALID_REQUEST, "https");
    }

    @ParameterizedTest(name = "production refuses {0}")
    @ValueSource(strings = {"https://localhost/", "https://internal.example.com/", "https://rebind.example.com/",
            "https://mapped.example.com/", "https://127.0.0.1/", "https://[::1]:8443/", "https://169.254.169.254/latest",
            "https://[fd00:ec2::254]/", "https://[::ffff:10.0.0.1]/", "https://0.0.0.0/", "https://100.64.1.1/"})
    void productionRefusesTargetsThatAreNotPublic(String url) {
        assertRefused(() -> production.check(url), ErrorCode.FORBIDDEN_TARGET, "production mode calls only public");
    }

    @Test
    void refusalsDoNotRevealTheResolvedAddress() {
        assertThatThrownBy(() -> production.check("https://internal.example.com/"))
                .hasMessageContaining("private").hasMessageNotContaining("10.0.0.5");
    }

    @Test
    void anUnresolvableHostIsReportedAsSuch() {
        assertRefused(() -> production.check("https://nowhere.example.com/"), ErrorCode.UNRESOLVABLE_HOST, "does not resolve");
    }

    @Test
    void ipLiteralsAreJudgedWithoutAnyLookup() {
        production.check("https://93.184.216.34/");
        production.check("https://[2606:2800:220:1:248:1893:25c8:1946]/");
        assertThat(lookups).isEmpty();
    }

    @ParameterizedTest(name = "{0} is refused in every mode")
    @ValueSource(strings = {"ftp://hooks.example.com/", "file:///etc/passwd", "hooks.example.com/x", "https:///path",
            "https://user:pass@hooks.example.com/", "http://0x7f.1/", "http://2130706433/", "http://127.1/",
            "http://017700000001/", "http://127.0.0.1./", "not a url", ""})
    void malformedOrAmbiguousUrlsAreRefusedInEveryMode(String url) {
        assertRefused(() -> dev.check(url), ErrorCode.INVALID_REQUEST, "url");
        assertRefused(() -> production.check(url), ErrorCode.INVALID_REQUEST, "url");
    }

    @Test
    void devModeCallsLoopbackAndPlainHttpSoTheQuickstartWorks() {
        ResolvedTarget target = dev.check("http://localhost:9000/hook");
        assertThat(target.port()).isEqualTo(9000);
        assertThat(target.addresses()).hasSize(2);
        assertThat(dev.check("http://127.0.0.1/").port()).isEqualTo(80);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code,
                                      String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(HeraldException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo("url");
            assertThat(e.detail()).contains(detail);
        });
    }
}
