package dev.herald.server.cli;

import dev.herald.core.auth.TokenIssuer;
import dev.herald.server.bootstrap.DevBootstrap;
import dev.herald.server.config.Durations;
import dev.herald.server.config.HeraldConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code herald token}: prints an HS256 client JWT signed with the server's secret. */
@Command(name = "token", description = "Print a client JWT (HS256, signed with auth.jwt_secret).")
final class TokenCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--sub", required = true, description = "user id (the token's sub)")
    String sub;

    @Option(names = "--tenant", defaultValue = "default", description = "tenant (default: ${DEFAULT-VALUE})")
    String tenant;

    @Option(names = "--ttl", defaultValue = "1h", description = "lifetime, e.g. 30m, 1h, 1d (default: ${DEFAULT-VALUE})")
    String ttl;

    @Option(names = "--scope", split = ",", description = "scopes, e.g. admin, logs:read")
    List<String> scopes = List.of();

    @Option(names = "--event-types", split = ",", description = "allow-list of event types")
    List<String> eventTypes;

    @Override
    public Integer call() {
        HeraldConfig cfg = options.load();
        Duration lifetime = Durations.parse(ttl);
        if (lifetime == null || lifetime.isZero()) {
            System.err.println("herald: --ttl \"" + ttl + "\" is not a duration (e.g. 30m, 1h)");
            return 2;
        }
        String secret = DevBootstrap.jwtSecret(cfg, dev.herald.server.store.StoreBackend.secretsOf(cfg)).orElse(null);
        if (secret == null) {
            System.err.println("herald: no auth.jwt_secret configured (and none minted in " + cfg.dataDir() + ")");
            return 2;
        }
        System.out.println(new TokenIssuer(secret).issue(sub, tenant, lifetime, scopes, eventTypes));
        return 0;
    }
}
