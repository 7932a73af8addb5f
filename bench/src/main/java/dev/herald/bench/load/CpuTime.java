package dev.herald.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used (user + system), from /proc/PID/stat. Sampled around a phase for the server and
 * for the generator itself, it tells which side was the bottleneck: on a shared 2-core machine a saturated
 * phase is only the server's number if the server, not the generator, ran out of CPU.
 */
final class CpuTime {
    /** USER_HZ: the unit of utime/stime; 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuTime() {
    }

    /** CPU seconds used so far by {@code pid} ("self" for this process), or -1 when unreadable. */
    static double seconds(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
