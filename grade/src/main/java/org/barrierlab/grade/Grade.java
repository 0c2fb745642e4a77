package org.barrierlab.grade;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.barrierlab.spi.Capability;

/**
 * The grade of one implementation: what it claims and the result of every check run.
 *
 * @param impl the {@code --impl} value (built-in name or jar path)
 * @param name the provider's own name
 * @param claimed the capabilities it claims (plus those assumed with {@code --assume})
 * @param results one result per check, in check order
 * @param sweep the cost sweep: one {@link org.barrierlab.grade.plan.Check#SWEEP} result per N,
 *     ascending; empty if the sweep did not run
 */
public record Grade(
        String impl, String name, Set<Capability> claimed, List<CheckResult> results, List<CheckResult> sweep) {

    public Grade {
        claimed = Set.copyOf(claimed);
        results = List.copyOf(results);
        sweep = List.copyOf(sweep);
    }

    /**
     * True if no check failed or hung, the sweep's included (each of its points is a one-shot
     * crossing, which every implementation claims) and none was left ungraded by a {@link
     * Outcome#SETUP} failure: every claimed capability holds.
     */
    public boolean passed() {
        return results.stream().noneMatch(r -> r.outcome().failed() || r.outcome() == Outcome.SETUP)
                && sweep.stream().noneMatch(r -> r.outcome().failed() || r.outcome() == Outcome.SETUP);
    }

    /** The sweep's result at {@code n}, if the sweep ran at that N. */
    public Optional<CheckResult> sweepAt(int n) {
        return sweep.stream().filter(r -> r.participants() == n).findFirst();
    }

    /**
     * The outcome of a phase: FAIL if any check failed, else SETUP if one could not be set up,
     * UNSUPPORTED if none ran, else PASS.
     */
    public Outcome phase(int phase) {
        boolean ran = false;
        boolean setup = false;
        for (CheckResult r : results) {
            if (r.check().phase() != phase) {
                continue;
            }
            if (r.outcome().failed()) {
                return Outcome.FAIL;
            }
            ran |= r.outcome() == Outcome.PASS;
            setup |= r.outcome() == Outcome.SETUP;
        }
        if (setup) {
            return Outcome.SETUP;
        }
        return ran ? Outcome.PASS : Outcome.UNSUPPORTED;
    }
}
