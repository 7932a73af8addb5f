package dev.herald.server.dashboard;

import dev.herald.server.ServerContext;
import dev.herald.server.http.OriginPolicy;
import dev.herald.server.ws.CloseCodes;
import dev.herald.server.ws.LogsEndpoint;
import io.vertx.core.http.ServerWebSocket;

import java.time.Clock;
import java.util.Optional;

/**
 * The operator dashboard of one node (SPEC §14): its sessions, front end and gate, shared by every event loop;
 * {@link DashboardRoutes} mounts it on each loop's router. Thread-safe.
 */
public final class Dashboard {
    /** The log viewer's stream: {@code /logs/ws} for a dashboard session (the session's cookie is its credential). */
    public static final String LOGS_WS_PATH = "/dashboard/logs/ws";

    private final ServerContext ctx;
    private final DashboardSessions sessions;
    private final DashboardAuth auth;
    private final DashboardAssets assets;
    private final LogsEndpoint logs;

    /** @param clock times sessions (idle and absolute expiry, the key's re-check) */
    public Dashboard(ServerContext ctx, LogsEndpoint logs, Clock clock) {
        this.ctx = ctx;
        this.logs = logs;
        this.sessions = new DashboardSessions(clock);
        this.auth = new DashboardAuth(sessions, ctx.backend().keys(),
                new OriginPolicy(ctx.config().server().allowedOrigins()));
        this.assets = new DashboardAssets();
    }

    /**
     * A WebSocket on {@link #LOGS_WS_PATH}: with a live session whose tenant may read the logs ({@code logs.tenant}),
     * the {@code /logs/ws} stream with its filters; otherwise closed 4003. The upgrade's {@code Origin} was already
     * checked, and the {@code SameSite=Strict} cookie is not sent by other sites' pages.
     */
    public void openLogs(ServerWebSocket ws) {
        Optional<DashboardSession> s = auth.session(ws.headers());
        String onlyTenant = ctx.config().logs().tenant();
        boolean allowed = s.isPresent() && (onlyTenant == null || onlyTenant.equals(s.get().tenant()));
        if (!allowed) {
            ws.close(CloseCodes.UNAUTHORIZED, "unauthorized");
            return;
        }
        logs.openAdmitted(ws);
        // The stream lives as long as the session: checked once a second, on the socket's event loop.
        DashboardSession session = s.get();
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.currentContext().owner();
        vertx.setPeriodic(1000, id -> {
            if (ws.isClosed()) {
                vertx.cancelTimer(id);
            } else if (!sessions.stillLive(session)) {
                vertx.cancelTimer(id);
                ws.close(CloseCodes.UNAUTHORIZED, "unauthorized");
            }
        });
    }

    ServerContext context() {
        return ctx;
    }

    DashboardSessions sessions() {
        return sessions;
    }

    DashboardAuth auth() {
        return auth;
    }

    DashboardAssets assets() {
        return assets;
    }
}
