package dev.herald.core.webhook;

import java.util.Locale;
import java.util.Optional;

/** Where a delivery stands: {@code pending} until an attempt succeeds or the schedule is spent. */
public enum DeliveryStatus {
    PENDING, SUCCEEDED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeliveryStatus> fromWireName(String s) {
        for (DeliveryStatus d : values()) {
            if (d.wireName().equals(s)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
