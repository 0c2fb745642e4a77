package org.barrierlab.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.grade.Grade;
import org.barrierlab.grade.GradeOptions;
import org.barrierlab.grade.Grader;
import org.barrierlab.grade.impl.Implementations;
import org.barrierlab.grade.plan.Check;
import org.barrierlab.grade.report.HtmlReport;
import org.barrierlab.grade.report.TerminalReport;
import org.barrierlab.spi.Capability;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code barrierlab grade}: the course's phases and adversarial schedules against a barrier
 * implementation (ours, Curator's, the tutorial's or a group's jar), with a verdict per check, a
 * counterexample per failure and a report. Exit code 0 only if every claimed capability holds, 1
 * if one does not, 2 for bad input.
 *
 * <pre>{@code
 * ./barrierlab grade --impl tutorial --phase 3
 * ./barrierlab grade --compare lib,curator,tutorial --html report.html
 * }</pre>
 */
@Command(
        name = "grade",
        mixinStandardHelpOptions = true,
        description = {
            "Grade a ZooKeeper barrier implementation: per phase of the course, that phase's schedule with"
                    + " participant JVMs plus adversarial ones (reuse race, kill, phantom arrival, lost reply,"
                    + " more processes than parties, two barriers, nesting).",
            "Each check: PASS, FAIL (violated property), HUNG (who waits where) or UNSUPPORTED (capability not"
                    + " claimed). Exit 0 only if every claimed capability holds."
        })
public final class GradeCommand implements Callable<Integer> {

    @Option(
            names = "--impl",
            paramLabel = "IMPL",
            description = "lib, curator, tutorial or the path of a group's jar (barrier-spi plug-in).")
    String impl;

    @Option(
            names = "--compare",
            paramLabel = "IMPL,IMPL,...",
            description = "Grade several implementations side by side (e.g. lib,curator,tutorial).")
    String compare;

    @Option(
            names = "--phase",
            paramLabel = "P",
            description = "Phases to grade, 1..5 (repeatable or comma-separated; default all).",
            split = ",")
    List<Integer> phases;

    @Option(names = "--only", paramLabel = "CHECK", description = "Run one check: ${COMPLETION-CANDIDATES}.")
    String only;

    @Option(
            names = "--rounds",
            paramLabel = "R",
            defaultValue = "5",
            description = "Rounds of the reusable checks (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the schedules (default: random, printed).")
    Long seed;

    @Option(
            names = "--assume",
            paramLabel = "CAP",
            split = ",",
            description = "Grade capabilities as if claimed (reusable, restricted, nested), to show why they are not.")
    List<String> assume;

    @Option(
            names = "--sweep",
            paramLabel = "N,N,...",
            description = "The cost sweep: at each N (2..16), N participant JVMs enter and leave a double barrier;"
                    + " wake-ups and requests per crossing plotted against N. 'none' for no sweep (default"
                    + " 2,4,8,16 for a full grade and --only sweep, none with --phase or another --only).")
    String sweep;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report.")
    Path html;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "grade-results",
            description = "Directory for the recordings of failures (default ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, KeeperException, InterruptedException {
        GradeOptions options = options();
        PrintWriter err = spec.commandLine().getErr();
        err.println("barrierlab grade: " + String.join(", ", options.impls()) + ", seed " + options.seed()
                + ", recordings of failures in " + options.outDir());
        err.flush();
        List<Grade> grades = Grader.run(options, line -> {
            err.println(line);
            err.flush();
        });
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(TerminalReport.render(grades));
        stdout.flush();
        if (html != null) {
            Path parent = html.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(html, HtmlReport.render(grades));
            err.println("barrierlab grade: wrote " + html);
            err.flush();
        }
        return grades.stream().allMatch(Grade::passed) ? 0 : 1;
    }

    /** Validates the options; bad values throw {@link UsageException} (one line, exit 2). */
    GradeOptions options() {
        if ((impl == null) == (compare == null)) {
            throw new UsageException("give exactly one of --impl IMPL or --compare IMPL,IMPL,...");
        }
        List<String> impls = new ArrayList<>();
        for (String s : (impl != null ? impl : compare).split(",", -1)) {
            if (s.isBlank()) {
                throw new UsageException(
                        "--compare must be a comma-separated list of implementations, was '" + compare + "'");
            }
            impls.add(s.trim());
            Implementations.load(s.trim()); // bad names and jars: one line, before anything starts
        }
        Set<Integer> phaseSet = new TreeSet<>(phases == null ? List.of(1, 2, 3, 4, 5) : phases);
        for (int p : phaseSet) {
            if (p < 1 || p > 5) {
                throw new UsageException("--phase must be between 1 and 5, was " + p);
            }
        }
        Check check = null;
        if (only != null) {
            check = Check.byWireName(only)
                    .orElseThrow(
                            () -> new UsageException("--only must be one of " + checkNames() + ", was '" + only + "'"));
        }
        if (rounds < 2 || rounds > 50) {
            throw new UsageException("--rounds must be between 2 and 50, was " + rounds);
        }
        Set<Capability> assumed = EnumSet.noneOf(Capability.class);
        if (assume != null) {
            for (String a : assume) {
                try {
                    assumed.add(Capability.valueOf(a.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--assume must be reusable, restricted or nested, was '" + a + "'");
                }
            }
        }
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        return new GradeOptions(impls, phaseSet, check, rounds, s, assumed, out, sweepSizes(check));
    }

    /** {@code --sweep}: the given sizes, none, or by default the full grade's (and {@code --only sweep}'s). */
    private List<Integer> sweepSizes(Check check) {
        if (sweep == null) {
            boolean full = phases == null && (check == null || check == Check.SWEEP);
            return full ? GradeOptions.DEFAULT_SWEEP : List.of();
        }
        if (sweep.trim().equalsIgnoreCase("none")) {
            if (check == Check.SWEEP) {
                throw new UsageException("--only sweep needs sizes to sweep, was --sweep none");
            }
            return List.of();
        }
        List<Integer> sizes = new ArrayList<>();
        for (String n : sweep.split(",", -1)) {
            int size;
            try {
                size = Integer.parseInt(n.trim());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < GradeOptions.SWEEP_MIN || size > GradeOptions.SWEEP_MAX) {
                throw new UsageException("--sweep must be 'none' or sizes between " + GradeOptions.SWEEP_MIN + " and "
                        + GradeOptions.SWEEP_MAX + " separated by commas, was '" + sweep + "'");
            }
            sizes.add(size);
        }
        return sizes;
    }

    private static String checkNames() {
        List<String> names = new ArrayList<>();
        for (Check c : Check.values()) {
            names.add(c.wireName());
        }
        return String.join(", ", names);
    }
}
