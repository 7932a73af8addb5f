package dev.herald.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's memory as the OS and the JVM see it: VmRSS from /proc, and the live heap after a full GC
 * via {@code jcmd} (which works for any local JVM of the same user). For a JVM both are read after a full GC so
 * that uncollected garbage does not count as per-connection cost; any other server (Node) gives its RSS as it is.
 * RSS is read once it has settled (see {@link #settledRssKb}).
 */
final class ServerMemory {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    record Sample(long rssKb, long heapUsedKb) {
    }

    private ServerMemory() {
    }

    static Sample sample(long pid) throws IOException, InterruptedException {
        // jcmd attaches with SIGQUIT, which kills a process that is not a JVM (a Node peer): ask only a JVM.
        boolean java = isJava(pid) && jcmd(pid, "GC.run") != null;
        String heap = java ? jcmd(pid, "GC.heap_info") : null;
        long heapKb = -1;
        if (heap != null) {
            Matcher m = USED.matcher(heap);
            if (m.find()) {
                heapKb = Long.parseLong(m.group(1));
            }
        }
        return new Sample(settledRssKb(pid), heapKb);
    }

    /** The sum over several servers (a cluster's nodes): RSS and live heap (-1 when one of them has none). */
    static Sample sample(java.util.List<Long> pids) throws IOException, InterruptedException {
        long rss = 0;
        long heap = 0;
        for (long pid : pids) {
            Sample s = sample(pid);
            rss += s.rssKb();
            heap = heap < 0 || s.heapUsedKb() < 0 ? -1 : heap + s.heapUsedKb();
        }
        return new Sample(rss, heap);
    }

    /**
     * RSS once it stops moving: after a full GC the JVM hands shrunk heap back to the OS in the background (G1
     * uncommits concurrently since JDK 17), and a server may still be finishing its connection work. Read every
     * 500 ms until two readings are within 0.5% (at most 20 s), so both servers and both samples are compared at rest.
     */
    static long settledRssKb(long pid) throws IOException, InterruptedException {
        long previous = rssKb(pid);
        for (int i = 0; i < 40; i++) {
            Thread.sleep(500);
            long now = rssKb(pid);
            if (Math.abs(now - previous) * 200 <= previous) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    private static boolean isJava(long pid) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim().equals("java");
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }

    /** Output of {@code jcmd pid cmd}, or null when the server is not a JVM or jcmd is missing. */
    private static String jcmd(long pid, String cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
