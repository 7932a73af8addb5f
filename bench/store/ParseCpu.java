// The publish parser's CPU per event (EventParser.parseBody on a body of B events like bench/run.sh's), read from the
// thread's CPU clock so that other work on a shared machine does not count. Run it against two builds' jars to
// compare them: bench/store/cpu.sh.
import dev.herald.core.event.EventParser;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;

public class ParseCpu {
    public static void main(String[] a) {
        int batch = Integer.parseInt(a[0]);
        int rounds = a.length > 1 ? Integer.parseInt(a[1]) : 12;
        StringBuilder sb = new StringBuilder("{\"events\":[");
        for (int i = 0; i < batch; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"type\":\"bench.tick\",\"user\":\"u").append(i)
                    .append("\",\"data\":{\"bench_ns\":").append(123456789012L + i).append(",\"pad\":\"\"}}");
        }
        byte[] body = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        EventParser parser = new EventParser(65536);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            long n = 0;
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 1_000_000_000L) {
                n += parser.parseBody(body).size();
            }
            double ns = (mx.getCurrentThreadCpuTime() - c0) / (double) n;
            if (round >= rounds / 2) { // the first half warms up the JIT
                best = Math.min(best, ns);
            }
        }
        System.out.printf("parse, batch %d: %.0f ns CPU per event (best of the last %d one-second rounds)%n", batch, best, rounds - rounds / 2);
    }
}
