package org.barrierlab.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs N participants as separate JVMs ({@link BenchParticipantMain}, small heaps), back to back,
 * to check that the threads-in-one-JVM figures hold when every participant is a process.
 */
final class JvmHarness {

    private static final Logger LOG = LoggerFactory.getLogger(JvmHarness.class);

    /** Competitors a participant JVM can run. */
    static final List<String> IMPLS = List.of("barrierlab", "curator");

    /** Unmeasured crossings each participant JVM runs first (class loading, JIT). */
    static final int WARMUP_CROSSINGS = 5;

    private JvmHarness() {}

    /** The contender a participant JVM runs: our simple barrier, or Curator's double barrier. */
    static Contender contender(String impl, int n) {
        switch (impl) {
            case "barrierlab":
                return new BarrierLabContender(n, false, false, LibClient.RAW);
            case "curator":
                return new CuratorDoubleContender(n);
            default:
                throw new IllegalArgumentException("JVM participants run one of " + IMPLS + ", was " + impl);
        }
    }

    private static boolean endedOk(List<String> lines) {
        return !lines.isEmpty() && lines.get(lines.size() - 1).equals("END ok");
    }

    private static final class Child {
        final Process process;
        final CompletableFuture<List<String>> lines = new CompletableFuture<>();
        final CompletableFuture<Void> ready = new CompletableFuture<>();

        Child(Process process) {
            this.process = process;
            Thread reader = new Thread(this::read, "bench-jvm-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            List<String> all = new ArrayList<>();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.complete(null);
                    } else {
                        all.add(line);
                    }
                    if (line.startsWith("END")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                LOG.debug("participant output ended", e);
            }
            ready.complete(null);
            lines.complete(all);
        }
    }

    /**
     * Runs {@code crossings} back-to-back crossings with N participant JVMs and returns the
     * measurement (throughput, free-running latency, cost); notes failures instead of throwing.
     */
    static Measurement run(String impl, String connectString, String base, int n, int crossings, long timeoutMillis)
            throws InterruptedException {
        Contender probe = contender(impl, n);
        Measurement m = new Measurement(impl, probe.isDouble(), n);
        probe.close();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<Child> children = new ArrayList<>();
        File log = null;
        try {
            log = File.createTempFile("barrierlab-bench-jvm", ".log");
            log.deleteOnExit();
            for (int p = 0; p < n; p++) {
                ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "-Xss512k",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-Djava.awt.headless=true",
                        "-cp",
                        cp,
                        BenchParticipantMain.class.getName(),
                        impl,
                        connectString,
                        base,
                        Integer.toString(n),
                        Integer.toString(p),
                        Integer.toString(WARMUP_CROSSINGS),
                        Integer.toString(crossings),
                        Long.toString(timeoutMillis));
                pb.redirectError(ProcessBuilder.Redirect.appendTo(log));
                children.add(new Child(pb.start()));
            }
            for (Child c : children) {
                c.ready.get(60, TimeUnit.SECONDS);
            }
            for (Child c : children) {
                if (!c.process.isAlive()) {
                    m.stopped = true;
                    m.notes.add("a participant JVM exited before GO: " + c.lines.getNow(List.of()));
                    return m;
                }
            }
            for (Child c : children) {
                OutputStream os = c.process.getOutputStream();
                os.write("GO\n".getBytes(StandardCharsets.UTF_8));
                os.flush();
            }
            long[][] calls = new long[n][crossings];
            long[][] returns = new long[n][crossings];
            Counts total = Counts.ZERO;
            // Every participant bounds each of its calls; once one reports a hang or failure the
            // others get one more step timeout to report, then are killed (a call that ignores its
            // own timeout must not stall the run).
            long deadline = System.nanoTime()
                    + TimeUnit.MILLISECONDS.toNanos((WARMUP_CROSSINGS + (long) crossings) * timeoutMillis + 60_000);
            boolean shrunk = false;
            while (true) {
                List<CompletableFuture<List<String>>> open = new ArrayList<>();
                for (Child c : children) {
                    if (!c.lines.isDone()) {
                        open.add(c.lines);
                    } else if (!shrunk && !endedOk(c.lines.getNow(List.of()))) {
                        shrunk = true;
                        deadline = Math.min(
                                deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis + 10_000));
                    }
                }
                long left = deadline - System.nanoTime();
                if (open.isEmpty() || left <= 0) {
                    break;
                }
                try {
                    CompletableFuture.anyOf(open.toArray(new CompletableFuture<?>[0]))
                            .get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    break;
                }
            }
            for (int p = 0; p < n; p++) {
                Child child = children.get(p);
                if (!child.lines.isDone()) {
                    m.stopped = true;
                    m.notes.add("participant JVM p" + p + ": no END within the bound (a call ignored its "
                            + timeoutMillis + " ms timeout); killed");
                    child.process.destroyForcibly();
                    continue;
                }
                List<String> lines = child.lines.getNow(List.of());
                String end = lines.isEmpty() ? "END error no output" : lines.get(lines.size() - 1);
                if (!end.equals("END ok")) {
                    m.stopped = true;
                    m.notes.add("participant JVM p" + p + ": " + end);
                    continue;
                }
                for (String line : lines) {
                    String[] f = line.split(" ");
                    if (f[0].equals("X")) {
                        int x = Integer.parseInt(f[1]);
                        calls[p][x] = Long.parseLong(f[2]);
                        returns[p][x] = Long.parseLong(f[3]);
                    } else if (f[0].equals("C")) {
                        total = total.plus(new Counts(
                                Long.parseLong(f[1]),
                                Long.parseLong(f[2]),
                                Long.parseLong(f[3]),
                                Long.parseLong(f[4]),
                                Long.parseLong(f[5]),
                                Long.parseLong(f[6])));
                    }
                }
            }
            if (m.stopped) {
                return m;
            }
            long start = Long.MAX_VALUE;
            long end = 0;
            for (int p = 0; p < n; p++) {
                start = Math.min(start, calls[p][0]);
                end = Math.max(end, returns[p][crossings - 1]);
            }
            m.addPass(crossings / ((end - start) / 1e6), crossings, total);
            for (int x = 0; x < crossings; x++) {
                long lastCall = 0;
                long lastReturn = 0;
                for (int p = 0; p < n; p++) {
                    lastCall = Math.max(lastCall, calls[p][x]);
                    lastReturn = Math.max(lastReturn, returns[p][x]);
                }
                m.freeLatencyMs.add((lastReturn - lastCall) / 1e3);
            }
            return m;
        } catch (IOException | ExecutionException | TimeoutException e) { // TimeoutException: READY never came
            m.stopped = true;
            m.notes.add("separate-JVM run failed: " + e);
            return m;
        } finally {
            for (Child c : children) {
                c.process.destroy();
            }
            for (Child c : children) {
                if (!c.process.waitFor(5, TimeUnit.SECONDS)) {
                    c.process.destroyForcibly();
                }
            }
            if (log != null && !log.delete()) {
                LOG.debug("could not delete {}", log);
            }
        }
    }
}
