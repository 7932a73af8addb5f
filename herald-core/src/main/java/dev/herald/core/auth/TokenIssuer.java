package dev.herald.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Mints HS256 client tokens (the {@code herald token} command, dev-mode hints, tests). */
public final class TokenIssuer {
    private final byte[] secret;

    public TokenIssuer(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String issue(String sub, String tenant, Duration ttl, List<String> scopes, List<String> eventTypes) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .subject(sub)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        if (tenant != null) {
            b.claim("tenant", tenant);
        }
        if (scopes != null && !scopes.isEmpty()) {
            b.claim("scope", String.join(" ", scopes));
        }
        if (eventTypes != null) {
            b.claim("event_types", eventTypes);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), b.build());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign token: " + e.getMessage(), e);
        }
    }
}
