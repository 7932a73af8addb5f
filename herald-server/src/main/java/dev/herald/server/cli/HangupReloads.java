package dev.herald.server.cli;

import dev.herald.server.Herald;
import dev.herald.server.config.HeraldConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * SIGHUP → {@link Herald#reload}, on a thread of its own ({@code herald-reload}), never on an event loop or the
 * JVM's signal thread. Installed before the server starts, so a HUP during the start does not kill the process
 * (the JVM's default): it is applied once the server runs. Signals that arrive while a reload runs are coalesced:
 * at most one more reload is queued, and it reads the file as it is then, so the last edit always takes effect.
 */
final class HangupReloads {
    private static final Logger log = LoggerFactory.getLogger(HangupReloads.class);

    private final Supplier<HeraldConfig> source;
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1), r -> {
                Thread t = new Thread(r, "herald-reload");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());
    private Herald herald;
    private boolean hangupWhileStarting;

    private HangupReloads(Supplier<HeraldConfig> source) {
        this.source = source;
    }

    /** Handles SIGHUP from now on, reloading from {@code source} (the file and environment of the start). */
    static HangupReloads install(Supplier<HeraldConfig> source) {
        HangupReloads reloads = new HangupReloads(source);
        SignalHandler before = Signal.handle(new Signal("HUP"), s -> reloads.request());
        if (before == SignalHandler.SIG_IGN) {
            // The JVM keeps an inherited "ignore" for HUP (nohup, some supervisors) and installs nothing.
            log.atWarn().log("SIGHUP is ignored by this process (started under nohup?): reload on SIGHUP is off; "
                    + "start Herald without nohup (e.g. from systemd) to reload its configuration");
        }
        return reloads;
    }

    /** The server has started: reloads apply to it (one now if a HUP came during the start). */
    synchronized void attach(Herald started) {
        herald = started;
        if (hangupWhileStarting) {
            hangupWhileStarting = false;
            request();
        }
    }

    private synchronized void request() {
        if (herald == null) {
            hangupWhileStarting = true;
            return;
        }
        Herald h = herald;
        thread.execute(() -> {
            try {
                h.reload(source);
            } catch (RuntimeException e) {
                log.atError().setCause(e).log("configuration reload failed; still running with the previous configuration");
            }
        });
    }
}
