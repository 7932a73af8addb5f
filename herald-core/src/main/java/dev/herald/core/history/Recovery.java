package dev.herald.core.history;

import dev.herald.core.hub.Frame;

import java.util.List;

/**
 * What history could give back for a {@code since}: the missed events' frames in seq order, or — when history no
 * longer reaches back that far — {@code complete = false} and the oldest seq still held.
 */
public record Recovery(List<Frame> events, boolean complete, long oldestHeld) {
}
