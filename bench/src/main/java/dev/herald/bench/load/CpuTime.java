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
        String[] f = fields(Path.of("/proc", pid, "stat"));
        return f == null ? -1 : (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds used so far by {@code pid}, its reaped children and its live children (one level: PostgreSQL's
     * postmaster and its backends, whose number changes as the pools grow); 0 when unreadable.
     */
    static double treeSeconds(long pid) {
        String[] own = fields(Path.of("/proc", Long.toString(pid), "stat"));
        if (own == null) {
            return 0;
        }
        long ticks = Long.parseLong(own[11]) + Long.parseLong(own[12]) + Long.parseLong(own[13]) + Long.parseLong(own[14]);
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                if (d.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    String[] f = fields(d.resolve("stat"));
                    if (f != null && Long.parseLong(f[1]) == pid) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                }
            }
        } catch (IOException e) {
            // a partial sum is still a lower bound
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** The fields of /proc/PID/stat after the command name (state first), or null when unreadable. */
    private static String[] fields(Path stat) {
        try {
            String s = Files.readString(stat);
            // The command name is in parentheses and may contain spaces.
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
