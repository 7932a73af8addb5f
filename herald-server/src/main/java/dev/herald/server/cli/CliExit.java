package dev.herald.server.cli;

/** Ends a command with an exit code after its message has been printed. */
final class CliExit extends RuntimeException {
    final int code;

    CliExit(int code) {
        super(null, null, false, false);
        this.code = code;
    }
}
