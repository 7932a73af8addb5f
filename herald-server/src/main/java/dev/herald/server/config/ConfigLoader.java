package dev.herald.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads {@link HeraldConfig}: defaults, then the YAML file, then the environment. Every problem is collected
 * and reported with its key path; nothing half-valid is returned.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** @param file the YAML file, or null to use {@code herald.yaml} in the working directory if it exists */
    public static HeraldConfig load(Path file, Map<String, String> env) {
        Map<String, Object> raw = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Path yaml = file != null ? file : Path.of("herald.yaml");
        if (file != null || Files.exists(yaml)) {
            readYaml(yaml, raw, problems);
        }
        for (ConfigKey key : ConfigKey.values()) {
            String v = env.get(key.envName());
            if (v != null) {
                raw.put(key.path(), v);
            }
        }
        return bind(raw, problems);
    }

    static HeraldConfig fromMap(Map<String, String> values) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> raw = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (ConfigKey.byPath(k).isEmpty()) {
                problems.add(k + ": unknown key");
            } else {
                raw.put(k, v);
            }
        });
        return bind(raw, problems);
    }

    /** Defaults overridden by one YAML document, without the environment (tests and the config fuzz target). */
    static HeraldConfig fromYaml(byte[] yaml) {
        Map<String, Object> raw = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        readYaml("herald.yaml", yaml, raw, problems);
        return bind(raw, problems);
    }

    private static void readYaml(Path file, Map<String, Object> raw, List<String> problems) {
        byte[] yaml;
        try {
            yaml = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": " + firstLine(e)));
        }
        readYaml(file.toString(), yaml, raw, problems);
    }

    private static String firstLine(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("unreadable");
    }

    private static void readYaml(String name, byte[] yaml, Map<String, Object> raw, List<String> problems) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException(List.of(name + ": " + firstLine(e)));
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return;
        }
        if (!root.isObject()) {
            throw new ConfigException(List.of(name + ": the top level must be a mapping of keys"));
        }
        flatten("", root, raw, problems);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> raw, List<String> problems) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (ConfigKey.byPath(path).isPresent()) {
                if (v.isNull()) {
                    continue;
                }
                if (v.isArray()) {
                    List<String> items = new ArrayList<>();
                    v.forEach(item -> items.add(item.asText()));
                    raw.put(path, items);
                } else if (v.isObject()) {
                    problems.add(path + ": expected a value, got a mapping");
                } else {
                    raw.put(path, v.asText());
                }
            } else if (v.isObject()) {
                flatten(path, v, raw, problems);
            } else if (v.isNull() && isSection(path)) {
                continue; // a section whose keys are all commented out
            } else {
                problems.add(path + ": unknown key");
            }
        }
    }

    private static boolean isSection(String path) {
        for (ConfigKey k : ConfigKey.values()) {
            if (k.path().startsWith(path + ".")) {
                return true;
            }
        }
        return false;
    }

    private static HeraldConfig bind(Map<String, Object> raw, List<String> problems) {
        Binder b = new Binder(raw, problems);
        var server = new HeraldConfig.Server(b.string(ConfigKey.SERVER_HOST, "127.0.0.1"),
                b.intIn(ConfigKey.SERVER_PORT, 8080, 0, 65535), b.bool(ConfigKey.SERVER_WEBSOCKET_COMPRESSION, false),
                b.origins(ConfigKey.SERVER_ALLOWED_ORIGINS));
        Path dataDir = b.path(ConfigKey.DATA_DIR, Path.of("./data"));
        HeraldConfig.Mode mode = switch (b.oneOf(ConfigKey.MODE, "dev", "dev", "production")) {
            case "production" -> HeraldConfig.Mode.PRODUCTION;
            default -> HeraldConfig.Mode.DEV;
        };
        String nodeId = b.string(ConfigKey.NODE_ID, defaultNodeId());
        var auth = new HeraldConfig.Auth(b.string(ConfigKey.AUTH_JWT_SECRET, null), b.path(ConfigKey.AUTH_JWKS_FILE, null),
                b.string(ConfigKey.AUTH_COOKIE_NAME, "ks_access_token"),
                b.duration(ConfigKey.AUTH_CLOCK_SKEW, Duration.ofSeconds(5)));
        Duration interval = b.positiveDuration(ConfigKey.KEEPALIVE_INTERVAL, Duration.ofSeconds(30));
        var keepalive = new HeraldConfig.Keepalive(interval,
                b.positiveDuration(ConfigKey.KEEPALIVE_TIMEOUT, interval.multipliedBy(2)));
        var history = new HeraldConfig.History(b.intIn(ConfigKey.HISTORY_SIZE, 10_000, 0, 10_000_000),
                b.duration(ConfigKey.HISTORY_TTL, Duration.ofHours(1)));
        var limits = new HeraldConfig.Limits(b.intIn(ConfigKey.LIMITS_CLIENT_QUEUE_BYTES, 1 << 20, 1024, Integer.MAX_VALUE),
                b.intIn(ConfigKey.LIMITS_MAX_EVENT_BYTES, 65_536, 16, 16 << 20),
                b.duration(ConfigKey.LIMITS_CLOSE_GRACE, Duration.ofSeconds(10)),
                b.intIn(ConfigKey.LIMITS_MAX_REQUEST_BYTES, 4 << 20, 1024, 64 << 20),
                b.rate(ConfigKey.LIMITS_PUBLISH_RATE, ConfigKey.LIMITS_PUBLISH_BURST, 1000),
                b.rate(ConfigKey.LIMITS_CLIENT_MESSAGE_RATE, ConfigKey.LIMITS_CLIENT_MESSAGE_BURST, 50),
                new HeraldConfig.ConnectionLimits(b.intIn(ConfigKey.LIMITS_CONNECTIONS_TOTAL, 100_000, 0, 10_000_000),
                        b.intIn(ConfigKey.LIMITS_CONNECTIONS_PER_IP, 10_000, 0, 10_000_000),
                        b.intIn(ConfigKey.LIMITS_CONNECTIONS_PER_USER, 100, 0, 10_000_000)),

                b.intIn(ConfigKey.LIMITS_SOCKET_SEND_BUFFER, 0, 0, 64 << 20),
                b.intIn(ConfigKey.LIMITS_MAX_PENDING_APPENDS, 10_000, 1, 10_000_000),
                b.intIn(ConfigKey.LIMITS_MAX_FANOUT_BACKLOG, 1_000_000, 1, Integer.MAX_VALUE));
        var webhooks = new HeraldConfig.Webhooks(b.positiveDuration(ConfigKey.WEBHOOKS_TIMEOUT, Duration.ofSeconds(10)),
                b.durations(ConfigKey.WEBHOOKS_RETRY_SCHEDULE, List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
                        Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(24))),
                b.duration(ConfigKey.WEBHOOKS_JITTER, Duration.ZERO),
                b.intIn(ConfigKey.WEBHOOKS_NOTIFY_AFTER, 3, 1, 1000),
                b.intIn(ConfigKey.WEBHOOKS_CONCURRENCY, 10, 1, 1000),
                b.path(ConfigKey.WEBHOOKS_SECRET_KEY_FILE, null),
                b.duration(ConfigKey.WEBHOOKS_DISABLE_AFTER, Duration.ofDays(5)),
                b.duration(ConfigKey.WEBHOOKS_RETENTION, Duration.ofDays(30)));
        var smtp = new HeraldConfig.Smtp(b.string(ConfigKey.SMTP_HOST, null), b.intIn(ConfigKey.SMTP_PORT, 25, 1, 65535),
                b.string(ConfigKey.SMTP_FROM, "herald@localhost"), b.string(ConfigKey.SMTP_USERNAME, null),
                b.string(ConfigKey.SMTP_PASSWORD, null),
                b.oneOf(ConfigKey.SMTP_TLS, "opportunistic", "opportunistic", "starttls", "implicit", "none"));
        var logs = new HeraldConfig.Logs(b.path(ConfigKey.LOGS_DIR, null), b.bool(ConfigKey.LOGS_REDACT, true),
                b.oneOf(ConfigKey.LOGS_AUTH, "required", "required", "none"), b.string(ConfigKey.LOGS_TENANT, null));
        String broker = b.oneOf(ConfigKey.BROKER, "memory", "memory", "redis");
        String redisUrl = b.string(ConfigKey.REDIS_URL, "redis://127.0.0.1:6379");
        String store = b.oneOf(ConfigKey.STORE, "sqlite", "sqlite", "postgres");
        String postgresUrl = b.string(ConfigKey.POSTGRES_URL, null);
        var cluster = new HeraldConfig.Cluster(broker, redisUrl, store, postgresUrl,
                b.positiveDuration(ConfigKey.STORE_TIMEOUT, Duration.ofSeconds(5)));

        if (mode == HeraldConfig.Mode.PRODUCTION) {
            boolean strongSecret = auth.jwtSecret() != null
                    && auth.jwtSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= 32;
            if (!strongSecret && auth.jwksFile() == null) {
                problems.add("auth.jwt_secret: production mode needs a secret of at least 32 bytes, or auth.jwks_file");
            }
            if ("none".equals(logs.auth())) {
                problems.add("logs.auth: \"none\" is refused in production mode");
            }
            // Production never mints secrets: a minted sealing key would live beside the data it seals, differ on
            // every node of a cluster, and be lost with a rebuilt data directory.
            if (webhooks.secretKeyFile() == null) {
                problems.add("webhooks.secret_key_file: required in production mode (a file holding the base64 of"
                        + " 32 random bytes, e.g. openssl rand -base64 32)");
            }
        }
        if (webhooks.secretKeyFile() != null && !Files.isReadable(webhooks.secretKeyFile())) {
            problems.add("webhooks.secret_key_file: " + webhooks.secretKeyFile() + " is not a readable file");
        }
        if (auth.jwksFile() != null && !Files.isReadable(auth.jwksFile())) {
            problems.add("auth.jwks_file: " + auth.jwksFile() + " is not a readable file");
        }
        if ("postgres".equals(store) && postgresUrl == null) {
            problems.add("postgres.url: required when store is postgres");
        }
        // Each node's SQLite numbers its own events: nodes sharing a broker must share the sequencer too.
        if ("redis".equals(broker) && !"postgres".equals(store)) {
            problems.add("broker: \"redis\" needs store: postgres (every node must take its seqs from one shared store)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new HeraldConfig(server, dataDir, mode, nodeId, auth, keepalive, history, limits, webhooks, smtp, logs,
                cluster);
    }

    private static String defaultNodeId() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (IOException e) {
            return "node-" + ProcessHandle.current().pid();
        }
    }

    /** Reads typed values from the raw map, adding a path-qualified problem for each bad one. */
    private record Binder(Map<String, Object> raw, List<String> problems) {

        String string(ConfigKey key, String def) {
            Object v = raw.get(key.path());
            if (v == null) {
                return def;
            }
            if (v instanceof List<?>) {
                problems.add(key.path() + ": expected a single value, got a list");
                return def;
            }
            String s = v.toString();
            return s.isEmpty() ? def : s;
        }

        int intIn(ConfigKey key, int def, int min, int max) {
            String s = string(key, null);
            if (s == null) {
                return def;
            }
            try {
                long n = Long.parseLong(s.trim());
                if (n < min || n > max) {
                    problems.add(key.path() + ": " + n + " is out of range [" + min + ", " + max + "]");
                    return def;
                }
                return (int) n;
            } catch (NumberFormatException e) {
                problems.add(key.path() + ": \"" + s + "\" is not an integer");
                return def;
            }
        }

        /** A rate (0: no limit) and its burst, which defaults to twice the rate and cannot be below 1. */
        HeraldConfig.RateLimit rate(ConfigKey rateKey, ConfigKey burstKey, int defaultRate) {
            int rate = intIn(rateKey, defaultRate, 0, 10_000_000);
            int burst = intIn(burstKey, Math.max(1, rate * 2), 1, 20_000_000);
            return new HeraldConfig.RateLimit(rate, burst);
        }

        /** A file or directory name; one the file system cannot hold (a NUL byte) is a problem, not a crash. */
        Path path(ConfigKey key, Path def) {
            String s = string(key, null);
            if (s == null) {
                return def;
            }
            try {
                return Path.of(s);
            } catch (java.nio.file.InvalidPathException e) {
                problems.add(key.path() + ": \"" + s.replace("\0", "\\0") + "\" is not a valid path (" + e.getReason() + ")");
                return def;
            }
        }

        boolean bool(ConfigKey key, boolean def) {
            String s = string(key, null);
            if (s == null) {
                return def;
            }
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> {
                    problems.add(key.path() + ": \"" + s + "\" is not a boolean");
                    yield def;
                }
            };
        }

        String oneOf(ConfigKey key, String def, String... allowed) {
            String s = string(key, def);
            for (String a : allowed) {
                if (a.equals(s)) {
                    return s;
                }
            }
            problems.add(key.path() + ": \"" + s + "\" is not one of " + String.join(", ", allowed));
            return def;
        }

        Duration duration(ConfigKey key, Duration def) {
            String s = string(key, null);
            if (s == null) {
                return def;
            }
            Duration d = Durations.parse(s);
            if (d == null) {
                problems.add(key.path() + ": \"" + s + "\" is not a duration (e.g. 500ms, 10s, 5m, 2h, 1d)");
                return def;
            }
            return d;
        }

        Duration positiveDuration(ConfigKey key, Duration def) {
            Duration d = duration(key, def);
            if (d.isZero()) {
                problems.add(key.path() + ": must be greater than 0");
                return def;
            }
            return d;
        }

        /** A YAML list, or a comma-separated string (the environment's form). */
        List<String> list(ConfigKey key) {
            Object v = raw.get(key.path());
            List<String> items = new ArrayList<>();
            if (v instanceof List<?> list) {
                list.forEach(o -> items.add(String.valueOf(o).trim()));
            } else if (v != null) {
                for (String part : v.toString().split(",")) {
                    items.add(part.trim());
                }
            }
            return items;
        }

        List<String> origins(ConfigKey key) {
            List<String> items = list(key);
            if (items.size() == 1 && items.get(0).isEmpty()) {
                return List.of(); // HERALD_SERVER_ALLOWED_ORIGINS= (set, but to nothing)
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Optional<String> o = Origins.normalize(items.get(i));
                if (o.isEmpty()) {
                    problems.add(key.path() + "[" + i + "]: \"" + items.get(i)
                            + "\" is not an origin (scheme://host[:port], e.g. https://app.example.com)");
                } else {
                    out.add(o.get());
                }
            }
            return List.copyOf(out);
        }

        List<Duration> durations(ConfigKey key, List<Duration> def) {
            if (raw.get(key.path()) == null) {
                return def;
            }
            List<String> items = list(key);
            List<Duration> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Duration d = Durations.parse(items.get(i));
                if (d == null) {
                    problems.add(key.path() + "[" + i + "]: \"" + items.get(i) + "\" is not a duration");
                } else {
                    out.add(d);
                }
            }
            return List.copyOf(out);
        }
    }
}
