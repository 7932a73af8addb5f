package dev.herald.server.stream;

import dev.herald.core.hub.Frame;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames of each tenant's last replay from the store, shared by the replays that follow: one contiguous seq
 * range per tenant, read and encoded once however many reconnecting clients need it (a restarted node's clients all
 * come back with nearby {@code since}s that history may no longer reach). Store events do not change once committed,
 * so a window is never stale; one only ages out. Bounded: {@code maxFrames} frames over all tenants, the least
 * recently extended windows dropped first, and none kept longer than {@code ttlNanos} after it was last extended.
 * Thread-safe (replays run on worker threads).
 */
final class StoreWindows {
    /** Seqs {@code first .. first + frames.length - 1} of one tenant, contiguous. */
    record Window(long first, Frame[] frames, long extendedNanos) {
        long last() {
            return first + frames.length - 1;
        }
    }

    private final int maxFrames;
    private final long ttlNanos;
    private final Map<String, Window> windows = new HashMap<>();
    private int held;

    StoreWindows(int maxFrames, long ttlNanos) {
        this.maxFrames = maxFrames;
        this.ttlNanos = ttlNanos;
    }

    /** The tenant's window if it holds {@code seq}, else null. */
    synchronized Window covering(String tenant, long seq, long nowNanos) {
        Window w = windows.get(tenant);
        if (w == null) {
            return null;
        }
        if (nowNanos - w.extendedNanos > ttlNanos) {
            drop(tenant);
            return null;
        }
        return seq >= w.first && seq <= w.last() ? w : null;
    }

    /**
     * Records {@code read} (contiguous frames just read from the store, oldest first), joined to the tenant's window
     * when the two touch or overlap (only its contiguous prefix: a window's seqs have no holes); a range longer than the bound keeps its oldest frames (those the next client
     * back is likeliest to need are the ones history no longer holds).
     */
    synchronized void remember(String tenant, List<Frame> read, long nowNanos) {
        if (read.isEmpty()) {
            return;
        }
        long first = read.get(0).seq();
        int contiguous = 1;
        while (contiguous < read.size() && read.get(contiguous).seq() == first + contiguous) {
            contiguous++;
        }
        Frame[] frames = read.subList(0, contiguous).toArray(Frame[]::new);
        Window old = windows.get(tenant);
        if (old != null && first <= old.last() + 1 && first + frames.length >= old.first) {
            long from = Math.min(first, old.first);
            long to = Math.max(first + frames.length - 1, old.last());
            Frame[] joined = new Frame[(int) Math.min(to - from + 1, Integer.MAX_VALUE - 8)];
            System.arraycopy(old.frames, 0, joined, (int) (old.first - from), old.frames.length);
            System.arraycopy(frames, 0, joined, (int) (first - from), frames.length);
            first = from;
            frames = joined;
        }
        drop(tenant);
        if (frames.length > maxFrames) {
            frames = Arrays.copyOf(frames, maxFrames);
        }
        while (held + frames.length > maxFrames && !windows.isEmpty()) {
            String oldest = windows.entrySet().stream()
                    .min((a, b) -> Long.compare(a.getValue().extendedNanos, b.getValue().extendedNanos)).orElseThrow().getKey();
            drop(oldest);
        }
        windows.put(tenant, new Window(first, frames, nowNanos));
        held += frames.length;
    }

    synchronized int held() {
        return held;
    }

    private void drop(String tenant) {
        Window w = windows.remove(tenant);
        if (w != null) {
            held -= w.frames.length;
        }
    }
}
