package org.barrierlab.grade;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.barrierlab.grade.plan.Check;

/**
 * The result of one check for one implementation.
 *
 * @param check the check
 * @param participants N, the number of participants it ran with (0 if it did not run)
 * @param outcome PASS, FAIL, HUNG or UNSUPPORTED
 * @param detail the violated property, who hung where, or what was not claimed; empty for PASS
 * @param costs requests and wake-ups per crossing
 * @param seed the seed of the schedule
 * @param recording the replayable recording of a failing run, if written
 * @param excerpt a text space-time excerpt around the violating step (empty for PASS)
 */
public record CheckResult(
        Check check,
        int participants,
        Outcome outcome,
        String detail,
        Costs costs,
        long seed,
        Path recording,
        String excerpt) {

    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(costs, "costs");
        Objects.requireNonNull(excerpt, "excerpt");
    }

    static CheckResult unsupported(Check check, String detail, long seed) {
        return new CheckResult(check, 0, Outcome.UNSUPPORTED, detail, Costs.NONE, seed, null, "");
    }

    public Optional<Path> recordingFile() {
        return Optional.ofNullable(recording);
    }

    /** The command that runs this check again with the same schedule. */
    public String reproduce(String impl) {
        String which = check == Check.SWEEP ? "--only sweep --sweep " + participants : "--only " + check.wireName();
        return "./barrierlab grade --impl " + impl + " " + which + " --seed " + seed;
    }
}
