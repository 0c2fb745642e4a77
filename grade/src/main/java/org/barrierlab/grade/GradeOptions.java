package org.barrierlab.grade;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.barrierlab.grade.plan.Check;
import org.barrierlab.spi.Capability;

/**
 * What to grade and how.
 *
 * @param impls implementations ({@code lib}, {@code curator}, {@code tutorial} or jar paths)
 * @param phases the phases to run (1..5)
 * @param only the one check to run, or null for all checks of the phases ({@link Check#SWEEP}:
 *     the sweep alone)
 * @param rounds rounds of the reusable checks
 * @param seed the seed of every schedule
 * @param assume capabilities graded as if claimed (to show why they are not)
 * @param outDir where recordings of failures (and participant logs) go
 * @param sweep the N of the cost sweep, ascending ({@link #SWEEP_MIN}..{@link #SWEEP_MAX});
 *     empty for no sweep
 */
public record GradeOptions(
        List<String> impls,
        Set<Integer> phases,
        Check only,
        int rounds,
        long seed,
        Set<Capability> assume,
        Path outDir,
        List<Integer> sweep) {

    /** The sweep of a full grade. */
    public static final List<Integer> DEFAULT_SWEEP = List.of(2, 4, 8, 16);

    /** The smallest N of the sweep: one waiter and the one who releases it. */
    public static final int SWEEP_MIN = 2;

    /**
     * The largest N of the sweep: every participant is a JVM (about 100 MB, a second or two of
     * CPU to start), so N = 16 is what a 2-core machine starts well within a check's deadline.
     */
    public static final int SWEEP_MAX = 16;

    public GradeOptions {
        impls = List.copyOf(impls);
        phases = Set.copyOf(phases);
        assume = Set.copyOf(assume);
        sweep = sweep.stream().distinct().sorted().toList();
        Objects.requireNonNull(outDir, "outDir");
        if (impls.isEmpty()) {
            throw new IllegalArgumentException("at least one implementation is needed");
        }
        if (rounds < 2 || rounds > 50) {
            throw new IllegalArgumentException("rounds must be between 2 and 50, was " + rounds);
        }
        for (int p : phases) {
            if (p < 1 || p > 5) {
                throw new IllegalArgumentException("phases are 1 to 5, was " + p);
            }
        }
        for (int n : sweep) {
            if (n < SWEEP_MIN || n > SWEEP_MAX) {
                throw new IllegalArgumentException(
                        "sweep sizes must be between " + SWEEP_MIN + " and " + SWEEP_MAX + ", was " + n);
            }
        }
        if (only == Check.SWEEP && sweep.isEmpty()) {
            throw new IllegalArgumentException("--only sweep needs at least one N to sweep");
        }
    }

    /** The phases' checks to run, in order (never the sweep: see {@link #sweepSizes()}). */
    public List<Check> checks() {
        if (only != null) {
            return only == Check.SWEEP ? List.of() : List.of(only);
        }
        return Arrays.stream(Check.values())
                .filter(c -> phases.contains(c.phase()))
                .toList();
    }

    /** The N at which the sweep runs: none when one other check is run alone. */
    public List<Integer> sweepSizes() {
        return only == null || only == Check.SWEEP ? sweep : List.of();
    }
}
