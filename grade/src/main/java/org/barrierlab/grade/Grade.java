package org.barrierlab.grade;

import java.util.List;
import java.util.Set;
import org.barrierlab.spi.Capability;

/**
 * The grade of one implementation: what it claims and the result of every check run.
 *
 * @param impl the {@code --impl} value (built-in name or jar path)
 * @param name the provider's own name
 * @param claimed the capabilities it claims (plus those assumed with {@code --assume})
 * @param results one result per check, in check order
 */
public record Grade(String impl, String name, Set<Capability> claimed, List<CheckResult> results) {

    public Grade {
        claimed = Set.copyOf(claimed);
        results = List.copyOf(results);
    }

    /** True if no check failed or hung: every claimed capability holds. */
    public boolean passed() {
        return results.stream().noneMatch(r -> r.outcome().failed());
    }

    /** The outcome of a phase: FAIL/HUNG if any check failed, UNSUPPORTED if none ran, else PASS. */
    public Outcome phase(int phase) {
        boolean ran = false;
        for (CheckResult r : results) {
            if (r.check().phase() != phase) {
                continue;
            }
            if (r.outcome().failed()) {
                return Outcome.FAIL;
            }
            ran |= r.outcome() == Outcome.PASS;
        }
        return ran ? Outcome.PASS : Outcome.UNSUPPORTED;
    }
}
