package dev.herald.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** When a JWT expires and when to replace it. The signature is the server's business: only {@code exp} is read. */
final class TokenExpiry {
    /** Refresh this long before {@code exp} at most: enough for a round trip and a little clock difference. */
    private static final Duration LEAD = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TokenExpiry() {
    }

    /** The token's {@code exp}; empty when it is not a JWT with a numeric {@code exp}. */
    static Optional<Instant> of(String jwt) {
        if (jwt == null) {
            return Optional.empty();
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = MAPPER.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode exp = claims == null ? null : claims.get("exp");
            return exp != null && exp.isNumber() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * How long to wait before refreshing a token that expires at {@code exp}: until 30 s before it, or halfway
     * there for a token that lives less than a minute.
     */
    static Duration refreshDelay(Instant now, Instant exp) {
        Duration left = Duration.between(now, exp);
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        Duration lead = left.dividedBy(2).compareTo(LEAD) < 0 ? left.dividedBy(2) : LEAD;
        return left.minus(lead);
    }
}
