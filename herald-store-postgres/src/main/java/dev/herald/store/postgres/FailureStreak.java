package dev.herald.store.postgres;

import dev.herald.core.webhook.Attempt;
import dev.herald.core.webhook.DeliveryStore.FailurePolicy;
import dev.herald.core.webhook.DeliveryStore.Outcome;
import dev.herald.core.webhook.Endpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An endpoint's failure streak, updated with each recorded attempt inside the recording transaction (which holds
 * a lock on the endpoint row, so the one notification and the one auto-disable of a streak cannot be decided twice).
 */
final class FailureStreak {
    private FailureStreak() {
    }

    /** A success ends the streak; a failure extends it, and may send its notification or disable the endpoint. */
    static Outcome record(Connection c, String endpointId, Attempt a, FailurePolicy policy) throws SQLException {
        if (a.succeeded()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_endpoints SET failure_streak = 0,"
                    + " streak_notified = false, failing_since_ms = NULL WHERE id = ?")) {
                ps.setString(1, endpointId);
                ps.executeUpdate();
            }
            return new Outcome(0, false, true, false);
        }
        int streak;
        boolean notified;
        long since;
        boolean disabled;
        try (PreparedStatement ps = c.prepareStatement("SELECT failure_streak + 1, streak_notified, failing_since_ms,"
                + " disabled_ms FROM webhook_endpoints WHERE id = ? FOR UPDATE")) {
            ps.setString(1, endpointId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Outcome(0, false, true, false); // the endpoint was deleted meanwhile
                }
                streak = rs.getInt(1);
                notified = rs.getBoolean(2);
                since = rs.getLong(3);
                if (rs.wasNull()) {
                    since = a.at().toEpochMilli(); // this failure starts the streak
                }
                rs.getLong(4);
                disabled = !rs.wasNull();
            }
        }
        boolean notifyNow = !notified && streak >= policy.notifyAfter();
        boolean disableNow = !disabled && policy.disableAfter() != null
                && a.at().toEpochMilli() - since >= policy.disableAfter().toMillis();
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_endpoints SET failure_streak = ?,"
                + " streak_notified = ?, failing_since_ms = ? WHERE id = ?")) {
            ps.setInt(1, streak);
            ps.setBoolean(2, notified || notifyNow);
            ps.setLong(3, since);
            ps.setString(4, endpointId);
            ps.executeUpdate();
        }
        if (disableNow) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_endpoints SET disabled_ms = ?,"
                    + " disabled_reason = ?, updated_ms = ? WHERE id = ?")) {
                ps.setLong(1, a.at().toEpochMilli());
                ps.setString(2, Endpoint.DISABLED_FAILING);
                ps.setLong(3, a.at().toEpochMilli());
                ps.setString(4, endpointId);
                ps.executeUpdate();
            }
        }
        return new Outcome(streak, notifyNow, true, disableNow);
    }
}
