package dev.herald.client;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * A change the application can see: the connection's new {@link State}, or, with state {@link State#OPEN}, a
 * resume the server could not complete ({@link #recoveryFailed()}).
 *
 * @param state              where the connection is
 * @param closeCode          for RECONNECTING and FAILED: the close code that caused it, 1006 when the connection
 *                           dropped or could not be made; 0 otherwise
 * @param reason             the close reason or error message; empty when none
 * @param attempt            for RECONNECTING: the 1-based number of the attempt about to be made; 0 otherwise
 * @param retryIn            for RECONNECTING: how long until that attempt; zero otherwise
 * @param recoveryFailedFrom present when the server's history no longer reached back to {@code lastSeq}: the oldest
 *                           seq it still held. Events between were missed; refetch the state they maintain.
 */
public record Status(State state, int closeCode, String reason, int attempt, Duration retryIn,
                     OptionalLong recoveryFailedFrom) {

    /** Connection states: CONNECTING → OPEN ⇄ RECONNECTING → FAILED, and CLOSED after {@link HeraldClient#close()}. */
    public enum State {
        /** The first connection attempt is under way. */
        CONNECTING,
        /** The server has answered on the socket, so the token was accepted. */
        OPEN,
        /** The connection was lost (or refused) and another attempt is scheduled. */
        RECONNECTING,
        /** The client gave up: attempts exhausted, or a token the server refuses and cannot be renewed. Final. */
        FAILED,
        /** {@link HeraldClient#close()} was called. Final. */
        CLOSED
    }

    static Status of(State state) {
        return new Status(state, 0, "", 0, Duration.ZERO, OptionalLong.empty());
    }

    static Status closed(State state, int code, String reason) {
        return new Status(state, code, reason == null ? "" : reason, 0, Duration.ZERO, OptionalLong.empty());
    }

    static Status reconnecting(int code, String reason, int attempt, Duration retryIn) {
        return new Status(State.RECONNECTING, code, reason == null ? "" : reason, attempt, retryIn, OptionalLong.empty());
    }

    static Status recoveryFailed(long from) {
        return new Status(State.OPEN, 0, "recovery_failed", 0, Duration.ZERO, OptionalLong.of(from));
    }

    /** Whether this status reports a resume that missed events (the connection itself stays open). */
    public boolean recoveryFailed() {
        return recoveryFailedFrom.isPresent();
    }
}
