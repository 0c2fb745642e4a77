package org.barrierlab.launcher.run;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.barrierlab.launcher.verdict.Verdict;

/** Bounded helpers for end-to-end tests with real participant JVMs. */
public final class RunTesting {

    private RunTesting() {}

    /** Starts the run, waits for its verdict (bounded by the run's own deadline plus a margin). */
    public static Verdict runToVerdict(RunSpec spec) throws Exception {
        try (Run run = Run.start(spec)) {
            return await(run);
        }
    }

    public static Verdict await(Run run) throws InterruptedException {
        long bound = Run.deadlineOf(run.spec()).toMillis() + 60_000;
        try {
            return run.awaitVerdict(bound, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("run " + run.runId() + " reached no verdict within " + bound + " ms");
        }
    }

    /** Waits until the condition holds, failing with the message at the deadline. */
    public static void waitFor(String what, Duration limit, BooleanSupplier condition) {
        try {
            Awaitility.await(what)
                    .atMost(limit)
                    .pollInterval(Duration.ofMillis(20))
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            fail("timed out after " + limit.toSeconds() + " s waiting for " + what);
        }
    }
}
