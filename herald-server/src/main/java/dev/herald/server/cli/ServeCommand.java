package dev.herald.server.cli;

import dev.herald.core.auth.TokenIssuer;
import dev.herald.server.Herald;
import dev.herald.server.bootstrap.DevBootstrap;
import dev.herald.server.config.HeraldConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code herald serve}: runs the server until SIGTERM/SIGINT; SIGHUP reloads the configuration ({@link HangupReloads}). */
@Command(name = "serve", description = "Start the server (embedded defaults: SQLite store, in-memory broker).")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        HeraldConfig cfg;
        Herald herald;
        HangupReloads reloads = HangupReloads.install(options::reload);
        try {
            cfg = options.load();
            herald = Herald.embedded(cfg);
        } catch (CliExit e) {
            return e.code;
        } catch (RuntimeException e) {
            System.err.println("herald: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop(herald, stopped));
        Signal.handle(new Signal("INT"), s -> stop(herald, stopped));
        reloads.attach(herald);
        if (!herald.config().isProduction()) {
            printDevHints(herald);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void stop(Herald herald, CountDownLatch stopped) {
        new Thread(() -> {
            herald.close();
            stopped.countDown();
        }, "herald-shutdown").start();
    }

    private void printDevHints(Herald herald) {
        HeraldConfig cfg = herald.config();
        String http = cfg.server().localUrl(herald.port());
        String ws = http.replaceFirst("^http", "ws");
        String key = herald.mintedAdminKey().or(() -> DevBootstrap.savedAdminKey(cfg.dataDir())).orElse("<your API key>");
        String token = new TokenIssuer(cfg.auth().jwtSecret()).issue("dev", "default", Duration.ofHours(24), List.of(), null);
        System.out.println();
        System.out.println("Herald " + dev.herald.server.HeraldVersion.get() + " is running on " + http
                + " (dev mode, data in " + cfg.dataDir() + ")");
        if (herald.mintedAdminKey().isPresent()) {
            System.out.println("First start: minted an admin API key and a JWT secret into " + cfg.dataDir());
        }
        System.out.println();
        System.out.println("Admin API key (tenant \"default\"): " + key);
        // HERALD_COMMAND: how the launcher that started us is typed (./herald in a checkout, bin/herald in a release).
        String command = System.getenv().getOrDefault("HERALD_COMMAND", "herald");
        System.out.println("Client token for user \"dev\" (24 h; more with " + command + " token --sub <user>):");
        System.out.println("  " + token);
        System.out.println();
        System.out.println("1. Listen (in another terminal):");
        System.out.println("  npx wscat -c \"" + ws + "/ws/events?token=" + token + "\"");
        System.out.println("2. Publish:");
        System.out.println("  curl -s -X POST " + http + "/api/v1/events -H \"Authorization: Bearer " + key
                + "\" -H \"Content-Type: application/json\" -d '{\"type\":\"hello\",\"data\":{\"msg\":\"hi\"}}'");
        System.out.println("3. Watch it in the dashboard (sign in with the admin API key above):");
        System.out.println("  " + http + "/dashboard/");
        System.out.println();
        System.out.flush();
    }
}
