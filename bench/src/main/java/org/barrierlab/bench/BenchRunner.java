package org.barrierlab.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Version;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole benchmark of {@code barrierlab bench} against one embedded ZooKeeper (a single
 * in-process server, or the local 3-server ensemble): every competitor at every N, one after the
 * other on the same server, then the separate-JVM run. Progress goes to the log (stderr).
 *
 * <pre>{@code
 * BenchResults r = BenchRunner.run(BenchConfig.quick(Path.of("out")));
 * BenchReport.write(r, Path.of("out"));
 * }</pre>
 */
public final class BenchRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);

    private BenchRunner() {}

    private record Spec(String impl, String kind, IntFunction<Contender> factory) {}

    private static List<Spec> specs(boolean members) {
        return List.of(
                new Spec("floor", "await", FloorContender::new),
                new Spec("barrierlab", "await", n -> new BarrierLabContender(n, false, members, LibClient.RAW)),
                new Spec(
                        "barrierlab-curator",
                        "await",
                        n -> new BarrierLabContender(n, false, members, LibClient.CURATOR)),
                new Spec("curator", "await", CuratorSimpleContender::new),
                new Spec("barrierlab", "double", n -> new BarrierLabContender(n, true, members, LibClient.RAW)),
                new Spec(
                        "barrierlab-curator",
                        "double",
                        n -> new BarrierLabContender(n, true, members, LibClient.CURATOR)),
                new Spec("curator", "double", CuratorDoubleContender::new),
                new Spec("tutorial", "double", TutorialContender::new));
    }

    /**
     * Runs the benchmark.
     *
     * @throws BenchException if the ZooKeeper server cannot start
     * @throws InterruptedException if interrupted (the partial results are lost)
     */
    public static BenchResults run(BenchConfig config) throws BenchException, InterruptedException {
        Instant started = Instant.now();
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("date", started.truncatedTo(ChronoUnit.SECONDS).toString());
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put(
                "JDK",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vendor") + ")");
        machine.put(
                "OS",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        machine.put("ZooKeeper", Version.getFullVersion());
        machine.put("server", config.ensemble() ? "local 3-server ensemble (in-process)" : "one in-process server");
        machine.put(
                "barrierlab barriers",
                config.members() ? "member list p0..p(N-1) (--members; separate JVMs: party count)" : "party count N");
        machine.put("load average at start", loadAverage());
        List<Measurement> threads = new ArrayList<>();
        List<Measurement> jvms = new ArrayList<>();
        EmbeddedZooKeeper zk;
        try {
            zk = config.ensemble() ? EmbeddedZooKeeper.ensemble(3) : EmbeddedZooKeeper.standalone(0);
        } catch (RuntimeException e) {
            throw new BenchException("cannot start the embedded ZooKeeper: " + e.getMessage(), e);
        }
        try (zk) {
            String cs = zk.connectString();
            String base = "/barrierlab-bench/run-" + started.toEpochMilli();
            if (config.jitWarmup()) {
                jitWarmup(config, cs, base);
            }
            List<Spec> specs = specs(config.members());
            for (int n : config.participants()) {
                List<Measurement> atN = new ArrayList<>();
                for (Spec spec : specs) {
                    atN.add(new Measurement(spec.impl(), spec.kind().equals("double"), n));
                }
                for (int pass = 0; pass < config.passes(); pass++) {
                    // Rotate the order by one per pass: no contender always runs first (coldest
                    // server) or right after the same neighbour.
                    for (int k = 0; k < specs.size(); k++) {
                        int i = (k + pass) % specs.size();
                        runPass(config, specs.get(i), atN.get(i), pass, cs, base);
                    }
                }
                threads.addAll(atN);
            }
            for (int n : config.jvmParticipants()) {
                for (String impl : JvmHarness.IMPLS) {
                    LOG.info("bench: {} with {} participant JVMs", impl, n);
                    Measurement m = JvmHarness.run(
                            impl,
                            cs,
                            base + "/jvm-" + impl + "-n" + n,
                            n,
                            config.crossingsAt(n),
                            config.stepTimeoutMillis());
                    m.notes.forEach(note -> LOG.warn("{} JVMs n={}: {}", impl, n, note));
                    jvms.add(m);
                }
            }
        }
        machine.put("load average at end", loadAverage());
        machine.put("duration", (Instant.now().getEpochSecond() - started.getEpochSecond()) + " s");
        return new BenchResults(machine, threads, jvms, config);
    }

    /**
     * Runs every contender once at a small N and throws the figures away, so that the JIT has
     * compiled each contender's code before the first measured N. Some thousand calls each: C2
     * compiles a method after about ten thousand invocations and loop turns, and the first N
     * measured is the smallest, where interpreted code weighs most against a sub-millisecond floor.
     */
    private static void jitWarmup(BenchConfig config, String cs, String base) throws InterruptedException {
        LOG.info("bench: JIT warm-up (unmeasured)");
        for (Spec spec : specs(config.members())) {
            Measurement scratch = new Measurement(spec.impl(), spec.kind().equals("double"), 4);
            runContender(config, spec, scratch, base + "/warmup-" + spec.impl() + "-" + spec.kind(), cs, 40, 400);
        }
    }

    private static void runPass(BenchConfig config, Spec spec, Measurement m, int pass, String cs, String base)
            throws InterruptedException {
        if (m.stopped) {
            return;
        }
        int n = m.n;
        LOG.info("bench: {} {} n={} pass {}/{}", spec.impl(), spec.kind(), n, pass + 1, config.passes());
        runContender(
                config,
                spec,
                m,
                base + "/" + spec.impl() + "-" + spec.kind() + "-n" + n + "-pass" + pass,
                cs,
                config.roundsPerPass(n),
                config.crossingsPerPass(n));
    }

    /** Opens the contender afresh at its own path, runs its rounds and crossings into m, closes it. */
    private static void runContender(
            BenchConfig config, Spec spec, Measurement m, String path, String cs, int rounds, int crossings)
            throws InterruptedException {
        int n = m.n;
        Contender c;
        try {
            c = spec.factory().apply(n);
        } catch (LinkageError e) {
            m.stopped = true;
            m.notes.add("not available in this build: " + e);
            return;
        }
        try (c;
                ThreadHarness h = new ThreadHarness(c)) {
            c.open(cs, path, IntStream.range(0, n).boxed().collect(Collectors.toList()));
            h.controlledRounds(m, config.warmup(), rounds, config.stepTimeoutMillis());
            h.backToBack(m, crossings, config.stepTimeoutMillis());
        } catch (IOException | KeeperException | BenchException | RuntimeException | LinkageError e) {
            m.stopped = true;
            m.notes.add("could not run: " + e);
            LOG.warn("{} {} n={} could not run", spec.impl(), spec.kind(), n, e);
        }
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.2f", load);
    }
}
