package dev.herald.server.ws;

import dev.herald.core.error.HeraldException;
import dev.herald.core.logs.LogFilter;
import dev.herald.core.logs.LogStream;
import dev.herald.core.logs.LogTailerOptions;
import dev.herald.server.ServerContext;
import dev.herald.server.config.HeraldConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code /logs/ws} (SPEC §6): the node's one {@link LogStream} on {@code logs.dir}, shared by every
 * connection of every event loop. At each connection, in this order: access (4003 {@code "unauthorized"}),
 * query ({@code pr_number}, {@code tail}: 1008), directory present (the error message, then 1011), then a
 * {@link LogSession}.
 *
 * <p>Lifecycle: {@link #start} follows the directory from the node's start; {@link #closeSessions()} closes
 * every connection 1001 at shutdown; {@link #close()} then stops the tailer.
 */
public final class LogsEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogsEndpoint.class);
    static final String NOT_FOUND = "Log directory not found";
    private static final String NOT_FOUND_MESSAGE = "{\"error\":\"" + NOT_FOUND + "\"}";

    private final ServerContext ctx;
    /** Null when {@code logs.dir} is unset. */
    private final LogStream stream;
    private final LogsAccess access;
    private final Set<LogSession> sessions = ConcurrentHashMap.newKeySet();
    private final LongAdder delivered = new LongAdder();

    private LogsEndpoint(ServerContext ctx, LogStream stream) {
        this.ctx = ctx;
        this.stream = stream;
        this.access = new LogsAccess(() -> ctx.config().logs(), ctx.config().auth().cookieName(), ctx.tokens(),
                ctx.apiKeys());
    }

    /** Starts following {@code logs.dir} (when set) and registers the endpoint's metrics. */
    public static LogsEndpoint start(ServerContext ctx) {
        HeraldConfig.Logs cfg = ctx.config().logs();
        if ("none".equals(cfg.auth())) {
            log.warn("logs.auth is \"none\": /logs/ws streams the logs to anyone who can reach this port");
        }
        LogStream stream = null;
        if (cfg.dir() != null) {
            stream = new LogStream(LogTailerOptions.of(cfg.dir()).withRedact(cfg.redact()));
            stream.start();
        }
        LogsEndpoint endpoint = new LogsEndpoint(ctx, stream);
        endpoint.registerMetrics(ctx.metrics().registry());
        return endpoint;
    }

    private void registerMetrics(MeterRegistry registry) {
        FunctionCounter.builder("herald_log_lines_read", this, e -> e.stream == null ? 0 : e.stream.linesRead())
                .description("Lines read from logs.dir by the log tailer").register(registry);
        Gauge.builder("herald_log_subscribers", this, e -> e.stream == null ? 0 : e.stream.subscriberCount())
                .description("Live /logs/ws subscriptions").register(registry);
        FunctionCounter.builder("herald_deliveries", delivered, LongAdder::doubleValue)
                .tags("channel", "logs", "outcome", "delivered").register(registry);
    }

    /** A new connection, on its event loop. */
    public void open(ServerWebSocket ws) {
        Map<String, List<String>> query = TokenSources.query(ws.uri());
        if (access.answersFromMemory(ws.headers(), query)) {
            admit(ws, query, access.allows(ws.headers(), query));
            return;
        }
        ws.pause(); // an API key not in the cache: read the key store on a worker, then carry on here
        Vertx.currentContext().executeBlocking(() -> access.allows(ws.headers(), query), false)
                .onComplete(ar -> {
                    ws.resume();
                    admit(ws, query, ar.succeeded() && ar.result());
                });
    }

    /** A new connection its caller has already let in (the dashboard's session), on its event loop. */
    public void openAdmitted(ServerWebSocket ws) {
        admit(ws, TokenSources.query(ws.uri()), true);
    }

    private void admit(ServerWebSocket ws, Map<String, List<String>> query, boolean allowed) {
        if (!allowed) {
            ws.close(CloseCodes.UNAUTHORIZED, "unauthorized");
            return;
        }
        LogFilter filter;
        int tail;
        try {
            filter = LogFilter.fromQuery(name -> first(query, name));
            tail = LogStream.parseTail(first(query, "tail"));
        } catch (HeraldException e) {
            ws.close(CloseCodes.POLICY_VIOLATION, e.detail());
            return;
        }
        if (stream == null || !stream.isDirectoryPresent()) {
            ws.writeTextMessage(NOT_FOUND_MESSAGE);
            ws.close(CloseCodes.INTERNAL_ERROR, NOT_FOUND);
            return;
        }
        Context context = Vertx.currentContext();
        LogSession session = new LogSession(ws, context, ctx.metrics().connectionsOf(WebSocketRouter.LOGS_PATH),
                ctx.config().limits().clientQueueBytes(), delivered, ctx.metrics()::slowConsumer);
        sessions.add(session);
        session.whenGone(() -> sessions.remove(session));
        try {
            session.start(stream, filter, tail);
        } catch (RuntimeException e) {
            log.warn("/logs/ws subscription failed", e);
            session.close(CloseCodes.INTERNAL_ERROR, "Internal server error");
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /**
     * Applies reloaded {@code logs.*} options: redaction switches for every entry read from now on (a subscriber's
     * next line and any later {@code tail}); {@code logs.auth}/{@code logs.tenant} are read by each new connection.
     * Connections already open stay open. {@code logs.dir} needs a restart.
     */
    public void reconfigure(HeraldConfig.Logs logs) {
        if ("none".equals(logs.auth())) {
            log.warn("logs.auth is \"none\": /logs/ws streams the logs to anyone who can reach this port");
        }
        if (stream != null) {
            stream.redact(logs.redact());
        }
    }

    /** Closes every connection with 1001 {@code "Server shutdown"}; completes once they are gone. */
    public Future<Void> closeSessions() {
        List<Future<Void>> closing = new ArrayList<>();
        for (LogSession s : sessions) {
            closing.add(s.shutdownOnLoop());
        }
        return Future.all(closing).mapEmpty();
    }

    /** Stops the tailer. Idempotent. */
    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }
}
