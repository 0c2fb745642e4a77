package org.barrierlab.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark participant in its own JVM (the separate-JVM run of {@code barrierlab bench}).
 * Started by the benchmark, not by users:
 *
 * <pre>{@code
 * java -cp <class path> org.barrierlab.bench.BenchParticipantMain \
 *      barrierlab 127.0.0.1:2181 /bench/r1/jvm-n4 4 0 5 100 5000
 * }</pre>
 *
 * <p>Protocol on stdout: {@code READY} once connected; then, after reading {@code GO} on stdin and
 * running the unmeasured warm-up crossings, one line {@code X <crossing> <callMicros> <returnMicros>} per back-to-back crossing (wall clock,
 * microseconds since the epoch, comparable across JVMs on one machine), {@code C <requests>
 * <notifications> <wakeups> <bytesRead>} and {@code END ok}, {@code END hang <crossing>} or
 * {@code END error <message>}. Exit code 0 when {@code END ok}, 1 otherwise.
 */
public final class BenchParticipantMain {

    private static final Logger LOG = LoggerFactory.getLogger(BenchParticipantMain.class);

    private BenchParticipantMain() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (args.length != 8) {
            out.println("END error usage: impl connectString basePath n index warmup crossings timeoutMillis");
            out.flush();
            System.exit(2);
        }
        int code = run(args, out);
        out.flush();
        System.exit(code);
    }

    static int run(String[] args, PrintStream out) {
        String impl = args[0];
        String connect = args[1];
        String base = args[2];
        int n = Integer.parseInt(args[3]);
        int index = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int crossings = Integer.parseInt(args[6]);
        long timeout = Long.parseLong(args[7]);
        try (Contender c = JvmHarness.contender(impl, n)) {
            c.open(connect, base, List.of(index));
            out.println("READY");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            if (!"GO".equals(line)) {
                out.println("END error expected GO, read " + line);
                return 1;
            }
            Contender.Step[] steps = c.isDouble()
                    ? new Contender.Step[] {Contender.Step.ENTER, Contender.Step.LEAVE}
                    : new Contender.Step[] {Contender.Step.AWAIT};
            for (int x = 0; x < warmup; x++) {
                for (Contender.Step s : steps) {
                    if (!c.step(index, s, x, -1, timeout)) {
                        out.println("END hang warm-up " + x);
                        return 1;
                    }
                }
            }
            Counts before = c.counts(index);
            StringBuilder lines = new StringBuilder();
            for (int x = 0; x < crossings; x++) {
                long call = micros();
                for (Contender.Step s : steps) {
                    if (!c.step(index, s, warmup + x, -1, timeout)) {
                        out.print(lines);
                        out.println("END hang " + x);
                        return 1;
                    }
                }
                long ret = micros();
                lines.append("X ")
                        .append(x)
                        .append(' ')
                        .append(call)
                        .append(' ')
                        .append(ret)
                        .append('\n');
            }
            Counts cost = c.counts(index).minus(before);
            out.print(lines);
            out.println("C " + cost.requests() + " " + cost.notifications() + " " + cost.wakeups() + " "
                    + cost.bytesRead() + " " + cost.callerRequests() + " " + cost.callerBytesRead());
            out.println("END ok");
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("END error interrupted");
            return 1;
        } catch (Exception e) {
            LOG.debug("participant failed", e);
            out.println("END error " + e.toString().replace('\n', ' '));
            return 1;
        }
    }

    private static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
