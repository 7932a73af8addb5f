package dev.herald.core.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokenVerifierTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void acceptsHs256WithSubExpTenantScopesAndAllowList() {
        TokenVerifier v = new TokenVerifier(SECRET, null, Duration.ofSeconds(5));
        String t = new TokenIssuer(SECRET).issue("alice", "acme", Duration.ofMinutes(5), List.of("logs:read", "admin"), List.of("a"));
        Principal p = v.verify(t).orElseThrow();
        assertThat(p.subject()).isEqualTo("alice");
        assertThat(p.tenant()).isEqualTo("acme");
        assertThat(p.scopes()).containsExactlyInAnyOrder("logs:read", "admin");
        assertThat(p.allowsType("a")).isTrue();
        assertThat(p.allowsType("b")).isFalse();
    }

    @Test
    void theTenantDefaultsToDefault() {
        TokenVerifier v = new TokenVerifier(SECRET, null, Duration.ZERO);
        assertThat(v.verify(new TokenIssuer(SECRET).issue("bob", null, Duration.ofMinutes(1), List.of(), null))
                .orElseThrow().tenant()).isEqualTo("default");
    }

    @Test
    void clockSkewIsTolerated() {
        TokenVerifier lenient = new TokenVerifier(SECRET, null, Duration.ofSeconds(30));
        TokenVerifier strict = new TokenVerifier(SECRET, null, Duration.ZERO);
        String justExpired = new TokenIssuer(SECRET).issue("c", null, Duration.ofSeconds(-5), List.of(), null);
        assertThat(lenient.verify(justExpired)).isPresent();
        assertThat(strict.verify(justExpired)).isEmpty();
    }

    @Test
    void rs256AndEs256AreVerifiedAgainstTheJwks() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("r1").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("e1").generate();
        JWKSet publicKeys = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()));
        TokenVerifier v = new TokenVerifier(null, publicKeys, Duration.ZERO);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("svc").expirationTime(Date.from(Instant.now().plusSeconds(60))).build();

        SignedJWT rs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1").build(), claims);
        rs.sign(new RSASSASigner(rsa));
        SignedJWT es = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("e1").build(), claims);
        es.sign(new ECDSASigner(ec));
        assertThat(v.verify(rs.serialize())).isPresent();
        assertThat(v.verify(es.serialize())).isPresent();

        RSAKey stranger = new RSAKeyGenerator(2048).keyID("r1").generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1").build(), claims);
        forged.sign(new RSASSASigner(stranger));
        assertThat(v.verify(forged.serialize())).isEmpty();
        assertThat(v.verify(new TokenIssuer(SECRET).issue("x", null, Duration.ofMinutes(1), List.of(), null)))
                .as("HS256 is refused when only a JWKS is configured").isEmpty();
    }

    @Test
    void garbageNeverThrows() {
        TokenVerifier v = new TokenVerifier(SECRET, null, Duration.ZERO);
        for (String bad : new String[] {null, "", " ", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "x".repeat(20_000)}) {
            assertThat(v.verify(bad)).isEmpty();
        }
    }
}
