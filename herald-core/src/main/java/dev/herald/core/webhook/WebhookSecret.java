package dev.herald.core.webhook;

import dev.herald.core.id.Secrets;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An endpoint's signing secret: {@code whsec_} followed by the standard base64 of 24 to 64 random bytes
 * (Standard Webhooks' range); Herald mints {@value #MINTED_BYTES}.
 *
 * <p>The one secret keys two signatures, each the way its receivers expect: {@code X-Signature} uses the
 * UTF-8 bytes of the whole string, prefix included ({@link #xSignatureKey()}, what the seed's verifiers
 * pass to HMAC); {@code webhook-signature} uses the decoded bytes after the prefix ({@link #key()}, Standard
 * Webhooks 1.0). {@link #toString()} never shows the value, so a secret cannot leak through a log line.
 */
public final class WebhookSecret {
    public static final String PREFIX = "whsec_";
    public static final int MINTED_BYTES = 32;
    static final int MIN_BYTES = 24;
    static final int MAX_BYTES = 64;

    private final String value;
    private final byte[] key;

    private WebhookSecret(String value, byte[] key) {
        this.value = value;
        this.key = key;
    }

    /** A fresh secret from a CSPRNG. */
    public static WebhookSecret mint() {
        byte[] key = Secrets.randomBytes(MINTED_BYTES);
        return new WebhookSecret(PREFIX + Base64.getEncoder().encodeToString(key), key);
    }

    /**
     * Reads a secret as given to a user or stored.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the value)
     */
    public static WebhookSecret parse(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the part after " + PREFIX + " must be standard base64");
        }
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new IllegalArgumentException("a webhook secret holds " + MIN_BYTES + " to " + MAX_BYTES
                    + " bytes, this one " + key.length);
        }
        return new WebhookSecret(value, key);
    }

    /** The string as shown to the user once, prefix included. */
    public String value() {
        return value;
    }

    /** The Standard Webhooks HMAC key: the base64-decoded part after {@code whsec_}. */
    public byte[] key() {
        return key.clone();
    }

    /** The {@code X-Signature} HMAC key: the UTF-8 bytes of the whole string, {@code whsec_} included. */
    public byte[] xSignatureKey() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookSecret other && Secrets.constantTimeEquals(value, other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return PREFIX + "***";
    }
}
