package org.barrierlab.grade;

import java.nio.file.Path;
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
 * @param only the one check to run, or null for all checks of the phases
 * @param rounds rounds of the reusable checks
 * @param seed the seed of every schedule
 * @param assume capabilities graded as if claimed (to show why they are not)
 * @param outDir where recordings of failures (and participant logs) go
 */
public record GradeOptions(
        List<String> impls,
        Set<Integer> phases,
        Check only,
        int rounds,
        long seed,
        Set<Capability> assume,
        Path outDir) {

    public GradeOptions {
        impls = List.copyOf(impls);
        phases = Set.copyOf(phases);
        assume = Set.copyOf(assume);
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
    }

    /** The checks to run, in order. */
    public List<Check> checks() {
        if (only != null) {
            return List.of(only);
        }
        return java.util.Arrays.stream(Check.values())
                .filter(c -> phases.contains(c.phase()))
                .toList();
    }
}
