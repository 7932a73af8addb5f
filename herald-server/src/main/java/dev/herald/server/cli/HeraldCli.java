package dev.herald.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code herald} — the command line: serve, publish, token, tail, keys, webhook. */
@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Herald: real-time event delivery over WebSocket, SSE and webhooks.",
        subcommands = {ServeCommand.class, PublishCommand.class, TokenCommand.class, TailCommand.class,
                KeysCommand.class, WebhookCommand.class, CommandLine.HelpCommand.class})
public final class HeraldCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new HeraldCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof CliExit exit) {
                        return exit.code;
                    }
                    cmd.getErr().println("herald: " + e.getMessage());
                    return 1;
                })
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
