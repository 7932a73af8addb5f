package dev.herald.server.cli;

import dev.herald.core.store.ApiKey;
import dev.herald.core.store.ApiKeyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code herald keys}: API keys, straight against the configured store ({@code data_dir}, or the cluster's
 * PostgreSQL), whether the server runs or not.
 */
@Command(name = "keys", description = "Manage API keys in the configured store (data_dir or postgres.url).",
        subcommands = {KeysCommand.Create.class, KeysCommand.Revoke.class, KeysCommand.ListKeys.class})
final class KeysCommand {

    static ApiKeyStore store(ConfigOptions options) {
        return dev.herald.server.store.StoreBackend.open(options.load()).keys();
    }

    @Command(name = "create", description = "Create a key and print it (shown once; only its hash is stored).")
    static final class Create implements Runnable {
        @Mixin
        ConfigOptions options;

        @Option(names = "--tenant", required = true, description = "tenant the key publishes to")
        String tenant;

        @Option(names = "--scopes", split = ",", defaultValue = "publish", description = "publish, admin (default: ${DEFAULT-VALUE})")
        List<String> scopes;

        @Override
        public void run() {
            Set<ApiKey.Scope> set = EnumSet.noneOf(ApiKey.Scope.class);
            for (String s : scopes) {
                try {
                    set.add(ApiKey.Scope.parse(s));
                } catch (IllegalArgumentException e) {
                    System.err.println("herald: unknown scope \"" + s + "\" (publish, admin)");
                    throw new CliExit(2);
                }
            }
            if (tenant.isBlank() || tenant.length() > 128) {
                System.err.println("herald: --tenant must be 1 to 128 characters");
                throw new CliExit(2);
            }
            ApiKeyStore.IssuedKey issued = store(options).create(tenant, set);
            System.out.println(issued.plaintext());
            System.err.println("created " + issued.key().id() + " for tenant " + tenant + " with scopes " + scopes);
        }
    }

    @Command(name = "revoke", description = "Revoke a key by id (key_…).")
    static final class Revoke implements Runnable {
        @Mixin
        ConfigOptions options;

        @Parameters(index = "0", description = "key id")
        String id;

        @Override
        public void run() {
            if (!store(options).revoke(id)) {
                System.err.println("herald: no live key " + id);
                throw new CliExit(1);
            }
            System.out.println("revoked " + id);
        }
    }

    @Command(name = "list", description = "List keys (ids, tenants, scopes; never the keys themselves).")
    static final class ListKeys implements Runnable {
        @Mixin
        ConfigOptions options;

        @Override
        public void run() {
            for (ApiKey k : store(options).list()) {
                System.out.printf("%s\t%s\t%s\t%s%n", k.id(), k.tenant(), k.scopes(), k.revokedAt() == null ? "live" : "revoked");
            }
        }
    }
}
