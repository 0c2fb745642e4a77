package org.barrierlab.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.barrierlab.bench.BenchConfig;
import org.barrierlab.bench.BenchException;
import org.barrierlab.bench.BenchReport;
import org.barrierlab.bench.BenchResults;
import org.barrierlab.bench.BenchRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code barrierlab bench}: barrier-lib against Curator's barriers, the ZooKeeper tutorial
 * barrier and the floor (one create plus one notification), side by side on one embedded
 * ZooKeeper. Writes results.csv, results.md and PNG plots to {@code --out} and prints the
 * markdown on stdout; progress on stderr.
 *
 * <pre>{@code
 * ./barrierlab bench --quick --out /tmp/bench
 * }</pre>
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark barrier-lib against Curator's barriers, the ZooKeeper tutorial barrier and the floor"
                    + " (one create round trip + one notification), in one run on one embedded ZooKeeper.",
            "Writes results.csv, results.md and plots (PNG) to --out; prints the table and ratios on stdout."
        })
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "N = 2,4,8,16 with few rounds (under 2 minutes on 2 cores).")
    boolean quick;

    @Option(
            names = "--participants",
            paramLabel = "N,N,...",
            description = "Participant counts, each >= 2 (default 2,4,8,16,32,64,128,256; --quick: 2,4,8,16).")
    String participants;

    @Option(
            names = "--rounds",
            paramLabel = "R",
            description =
                    "Measured rounds per N for latency and cost, over all passes (default: 30, fewer above N = 32).")
    Integer rounds;

    @Option(
            names = "--crossings",
            paramLabel = "C",
            description =
                    "Back-to-back crossings per N for throughput, over all passes (default: 150, fewer above N = 16).")
    Integer crossings;

    @Option(
            names = "--passes",
            paramLabel = "P",
            description = "Passes per N that share its rounds and crossings, each opening every contender afresh"
                    + " in a rotated order (default: 3; 1 with --quick).")
    Integer passes;

    @Option(
            names = "--jvm-participants",
            paramLabel = "N,N,...",
            description = "N values for the run with separate participant JVMs, or 'none'"
                    + " (default 2,4,8,16; --quick: 2,4).")
    String jvmParticipants;

    @Option(
            names = "--members",
            description = "Give our barriers their member list (restricted barriers, as the course's scenarios use:"
                    + " no arrival listing at release) instead of a party count. Curator and the tutorial count"
                    + " either way. Default: party count.")
    boolean members;

    @Option(names = "--ensemble", description = "Use the local 3-server ensemble instead of one in-process server.")
    boolean ensemble;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "docs/bench",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--step-timeout",
            paramLabel = "MS",
            description =
                    "Bound of every barrier call in ms; longer is reported as a hang (default 5000; --quick 3000).")
    Long stepTimeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws BenchException, InterruptedException, IOException {
        BenchConfig config = config();
        System.setProperty("java.awt.headless", "true");
        PrintWriter err = spec.commandLine().getErr();
        err.println("barrierlab bench: N=" + config.participants()
                + (config.ensemble() ? " on the 3-server ensemble" : "") + ", results to " + config.out());
        err.flush();
        BenchResults results = BenchRunner.run(config);
        String md = BenchReport.write(results, config.out());
        PrintWriter outWriter = spec.commandLine().getOut();
        outWriter.print(md);
        outWriter.flush();
        err.println("barrierlab bench: wrote " + config.out().resolve("results.csv") + ", results.md and plots");
        err.flush();
        return 0;
    }

    /** Validates the options into a configuration; bad values throw {@link UsageException}. */
    BenchConfig config() {
        BenchConfig base = quick ? BenchConfig.quick(out) : BenchConfig.full(out);
        List<Integer> ns =
                participants == null ? base.participants() : parseList(participants, "--participants", 2, 1024);
        List<Integer> jvm = jvmParticipants == null
                ? base.jvmParticipants()
                : jvmParticipants.trim().equals("none")
                        ? List.of()
                        : parseList(jvmParticipants, "--jvm-participants", 2, 64);
        if (rounds != null && rounds < 1) {
            throw new UsageException("--rounds must be >= 1, was " + rounds);
        }
        if (crossings != null && crossings < 1) {
            throw new UsageException("--crossings must be >= 1, was " + crossings);
        }
        if (passes != null && (passes < 1 || passes > 10)) {
            throw new UsageException("--passes must be between 1 and 10, was " + passes);
        }
        if (stepTimeout != null && stepTimeout < 100) {
            throw new UsageException("--step-timeout must be >= 100 ms, was " + stepTimeout);
        }
        return new BenchConfig(
                ns,
                rounds == null ? base.rounds() : rounds,
                base.warmup(),
                crossings == null ? base.crossings() : crossings,
                jvm,
                ensemble,
                stepTimeout == null ? base.stepTimeoutMillis() : stepTimeout,
                out,
                true,
                members,
                passes == null ? base.passes() : passes,
                base.jitWarmup());
    }

    static List<Integer> parseList(String text, String option, int min, int max) {
        List<Integer> values = new ArrayList<>();
        String rule = option + " must be a comma-separated list of integers between " + min + " and " + max;
        if (text.isBlank()) {
            throw new UsageException(rule + ", was '" + text + "'");
        }
        for (String part : text.split(",", -1)) {
            int v;
            try {
                v = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new UsageException(rule + ", was '" + text + "' ('" + part + "' is not an integer)");
            }
            if (v < min || v > max) {
                throw new UsageException(rule + ", was '" + text + "' (" + v + " is out of range)");
            }
            values.add(v);
        }
        return values;
    }
}
