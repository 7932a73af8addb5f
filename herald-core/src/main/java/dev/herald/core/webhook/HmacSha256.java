package dev.herald.core.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * HMAC-SHA256 over the concatenation of some byte arrays. One {@link Mac} per thread, keyed afresh on each call
 * (Mac is not thread-safe; looking one up per call was a measurable share of a webhook attempt, issue #15).
 */
final class HmacSha256 {
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    });

    private HmacSha256() {
    }

    static byte[] of(byte[] key, byte[]... parts) {
        Mac mac = MAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 refused a key", e);
        }
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal(); // also resets the Mac for the next call
    }
}
