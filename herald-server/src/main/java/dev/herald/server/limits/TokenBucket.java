package dev.herald.server.limits;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code perSecond}; each admitted unit takes one. A client
 * that keeps to the rate is never refused, one that bursts is refused only once the burst is spent. Thread-safe
 * (uncontended for a connection's own bucket, which only its event loop touches).
 */
public final class TokenBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    public TokenBucket(double perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whole seconds until a token is back (at least 1): the {@code Retry-After} of a refusal. */
    public synchronized long secondsUntilNext(long nowNanos) {
        refill(nowNanos);
        double missing = Math.max(0, 1 - tokens);
        return Math.max(1, (long) Math.ceil(missing / perNano / 1e9));
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            refilledAt = nowNanos;
        }
    }
}
