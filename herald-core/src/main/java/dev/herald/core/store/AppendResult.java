package dev.herald.core.store;

/** The outcome for one event of an append: its seq, and whether it had already been accepted. */
public record AppendResult(String id, long seq, boolean duplicate) {
}
