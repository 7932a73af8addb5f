package dev.herald.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jose.proc.JWSKeySelector;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies client JWTs: HS256 with the shared secret and/or RS256/ES256 against a JWKS. Requires {@code sub}
 * and {@code exp}; {@code alg: none} and every other algorithm are refused; tokens up to {@link #MAX_TOKEN_CHARS}.
 * Thread-safe.
 */
public final class TokenVerifier {
    public static final String DEFAULT_TENANT = "default";
    /** The longest token read; the HTTP server accepts request lines and headers long enough to carry one. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    private final List<DefaultJWTProcessor<SecurityContext>> processors = new ArrayList<>();

    /**
     * @param hmacSecret UTF-8 secret for HS256, or null
     * @param jwks       public keys for RS256/ES256, or null
     */
    public TokenVerifier(String hmacSecret, JWKSet jwks, Duration clockSkew) {
        if (hmacSecret != null) {
            processors.add(processor(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                    new ImmutableSecret<>(hmacSecret.getBytes(StandardCharsets.UTF_8))), clockSkew));
        }
        if (jwks != null) {
            processors.add(processor(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                    new ImmutableJWKSet<>(jwks)), clockSkew));
        }
        if (processors.isEmpty()) {
            throw new IllegalArgumentException("a JWT secret or a JWKS is required");
        }
    }

    private static DefaultJWTProcessor<SecurityContext> processor(JWSKeySelector<SecurityContext> keys, Duration skew) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(keys);
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(null, new JWTClaimsSet.Builder().build(), Set.of("sub", "exp"));
        claims.setMaxClockSkew((int) Math.max(0, skew.toSeconds()));
        p.setJWTClaimsSetVerifier(claims);
        return p;
    }

    /** The principal of a valid token, or empty for anything else (malformed, unsigned, bad signature, expired, missing claims). */
    public Optional<Principal> verify(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token.trim());
        } catch (ParseException | RuntimeException e) {
            return Optional.empty(); // includes alg:none (a PlainJWT is not a SignedJWT)
        }
        for (DefaultJWTProcessor<SecurityContext> p : processors) {
            try {
                JWTClaimsSet claims = p.process(jwt, null);
                return Optional.of(toPrincipal(claims));
            } catch (BadJOSEException | JOSEException | ParseException | RuntimeException e) {
                // try the next key source
            }
        }
        return Optional.empty();
    }

    /**
     * Absent means {@link #DEFAULT_TENANT}; present, it must be a non-empty string. An array, null, number or "" is
     * an issuer's mistake, and guessing "default" for it would put the holder in a tenant nobody meant.
     */
    private static String tenantOf(JWTClaimsSet c) throws ParseException {
        if (!c.getClaims().containsKey("tenant")) {
            return DEFAULT_TENANT;
        }
        if (c.getClaim("tenant") instanceof String t && !t.isEmpty()) {
            return t.intern();
        }
        throw new ParseException("tenant must be a non-empty string", 0);
    }

    private static Principal toPrincipal(JWTClaimsSet c) throws ParseException {
        String sub = c.getSubject();
        if (sub == null || sub.isEmpty()) {
            throw new ParseException("sub is empty", 0);
        }
        // Tenants, scopes and types repeat across every connection: one shared copy each (the token is signed, so
        // these are our issuer's strings, not an attacker's).
        String tenant = tenantOf(c);
        Set<String> types = null;
        Object et = c.getClaim("event_types");
        if (et instanceof Collection<?> list) {
            types = new HashSet<>();
            for (Object o : list) {
                if (o instanceof String s) {
                    types.add(s.intern());
                }
            }
        } else if (et != null) {
            throw new ParseException("event_types must be an array", 0);
        }
        Set<String> scopes = new HashSet<>();
        Object scope = c.getClaim("scope");
        if (scope instanceof String s) {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    scopes.add(part.intern());
                }
            }
        } else if (scope instanceof Collection<?> list) {
            for (Object o : list) {
                if (o instanceof String s) {
                    scopes.add(s.intern());
                }
            }
        }
        return new Principal(sub, tenant, c.getExpirationTime().toInstant(), types == null ? null : Set.copyOf(types),
                Set.copyOf(scopes));
    }
}
