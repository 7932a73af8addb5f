package dev.herald.server.hardening;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.herald.server.testkit.HealthProbe;
import dev.herald.server.testkit.TestServer;
import dev.herald.server.testkit.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged and stale tokens against a server that trusts both an HS256 secret and an RS256 JWKS: {@code alg: none} in
 * its spellings, HS256 signed with the public RSA key (algorithm confusion), {@code kid} pointing nowhere or at a
 * path, a key embedded in the header, expired and not-yet-valid tokens, a missing {@code exp}. Each is closed 4003
 * {@code "unauthorized"} after the upgrade (SPEC §3) and never sees an event; a token of another tenant sees none of
 * this tenant's events and cannot refresh into it.
 */
class JwtAttackHardeningTest {
    static TestServer server;
    static RSAKey rsa;
    static RSAKey stranger;

    @BeforeAll
    static void start() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("herald-1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("herald-1").generate(); // same kid, not in the JWKS
        Path jwks = Files.createTempFile("jwks", ".json");
        Files.writeString(jwks, new JWKSet(rsa.toPublicJWK()).toString());
        server = TestServer.start(Map.of("auth.jwks_file", jwks.toString()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void forgedAndStaleTokensAreClosed4003AndSeeNothing() throws Exception {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"sub\":\"alice\",\"exp\":" + (now + 3600) + "}";
        Map<String, String> forged = new LinkedHashMap<>();
        String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims) + ".";
        forged.put("alg none", unsigned);
        forged.put("alg None", b64("{\"alg\":\"None\"}") + "." + b64(claims) + ".");
        forged.put("alg NONE with a signature", b64("{\"alg\":\"NONE\"}") + "." + b64(claims) + "." + b64("sig"));
        forged.put("HS256 keyed with the public RSA key (JWK JSON)", hs(claims, rsa.toPublicJWK().toJSONString()));
        forged.put("HS256 keyed with the public RSA modulus", hs(claims, rsa.getModulus().toString()));
        forged.put("RS256 by a key not in the JWKS, same kid", rs(claims, stranger, "herald-1", null));
        forged.put("RS256 kid pointing nowhere", rs(claims, stranger, "nope", null));
        forged.put("RS256 kid as a path", rs(claims, stranger, "../../../../dev/null", null));
        forged.put("RS256 with its own key in the jwk header", rs(claims, stranger, null, stranger.toPublicJWK()));
        forged.put("HS256 by another secret", hs(claims, "another-secret-another-secret-0123456789"));
        forged.put("expired a minute ago", hs("{\"sub\":\"alice\",\"exp\":" + (now - 60) + "}", TestServer.JWT_SECRET));
        forged.put("not valid for a minute", hs("{\"sub\":\"alice\",\"exp\":" + (now + 3600) + ",\"nbf\":" + (now + 60) + "}",
                TestServer.JWT_SECRET));
        forged.put("no exp", hs("{\"sub\":\"alice\"}", TestServer.JWT_SECRET));
        forged.put("empty sub", hs("{\"sub\":\"\",\"exp\":" + (now + 3600) + "}", TestServer.JWT_SECRET));
        forged.put("RS256 payload swapped after signing", swapPayload(rs(claims, rsa, "herald-1", null),
                "{\"sub\":\"admin\",\"scope\":\"admin\",\"exp\":" + (now + 3600) + "}"));
        try (HealthProbe health = HealthProbe.start(server)) {
            for (Map.Entry<String, String> f : forged.entrySet()) {
                try (WsClient c = server.connect("/ws/events", f.getValue())) {
                    WsClient.Close close = c.awaitClose();
                    assertThat(close.code()).as(f.getKey()).isEqualTo(4003);
                    assertThat(close.reason()).as(f.getKey()).isEqualTo("unauthorized");
                }
            }
            try (WsClient genuine = server.connect("/ws/events", rs(claims, rsa, "herald-1", null))) {
                genuine.send("{\"action\":\"ping\"}");
                assertThat(genuine.nextOfType("pong")).as("a genuine RS256 token still works").isNotNull();
            }
            health.assertServedThroughout();
        }
    }

    @Test
    void aTokenOfAnotherTenantSeesNoneOfThisTenantsEventsAndCannotRefreshIntoIt() throws Exception {
        try (WsClient acme = server.connect("/ws/events", server.token("alice", "acme"));
             WsClient own = server.connect("/ws/events", server.token("alice"))) {
            for (WsClient c : new WsClient[] {acme, own}) {
                c.send("{\"action\":\"subscribe\",\"event_types\":[\"*\"]}");
                c.nextOfType("subscribed");
            }
            assertThat(server.api().publish("{\"type\":\"secret.plan\",\"user\":\"alice\",\"data\":{}}").status())
                    .isEqualTo(202);
            assertThat(own.nextOfType("secret.plan")).isNotNull();
            assertThat(acme.drain(Duration.ofMillis(300))).noneMatch(m -> m.path("type").asText().equals("secret.plan"));
            acme.send("{\"action\":\"refresh\",\"token\":\"" + server.token("alice") + "\"}");
            assertThat(acme.awaitClose().code()).isEqualTo(4003);
        }
    }

    private static String b64(String s) {
        return Base64URL.encode(s.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String hs(String claims, String secret) throws JOSEException {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            key = java.util.Arrays.copyOf(key, 32);
        }
        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(claims));
        jws.sign(new MACSigner(key));
        return jws.serialize();
    }

    private static String rs(String claims, RSAKey key, String kid, com.nimbusds.jose.jwk.JWK embedded) throws JOSEException {
        JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.RS256);
        if (kid != null) {
            h.keyID(kid);
        }
        if (embedded != null) {
            h.jwk(embedded);
        }
        JWSObject jws = new JWSObject(h.build(), new Payload(claims));
        jws.sign(new RSASSASigner(key));
        return jws.serialize();
    }

    private static String swapPayload(String token, String claims) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + b64(claims) + "." + parts[2];
    }
}
