package org.barrierlab.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.barrierlab.launcher.verdict.Verdict;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every barrier-lib scenario end to end: real participant JVMs on an embedded ZooKeeper, the
 * launcher's verdict checks the barrier invariant over the whole recorded history.
 */
class ScenariosEndToEndTest {

    @ParameterizedTest
    @ValueSource(strings = {"simple", "double", "reusable", "restricted", "nested"})
    @Timeout(120)
    void scenarioPassesWithTheLibrary(String scenario) throws Exception {
        RunSpec spec = RunSpec.builder(scenario)
                .participants(3)
                .rounds(2)
                .speed(20)
                .seed(42)
                .build();
        Verdict v = RunTesting.runToVerdict(spec);
        assertEquals(Verdict.Outcome.PASS, v.outcome(), v.line());
        assertTrue(v.line().startsWith("verdict: PASS " + scenario + ": 3 participants, 2 rounds"), v.line());
        assertEquals(0, v.exitCode());
    }
}
