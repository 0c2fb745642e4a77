package org.barrierlab.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The classic-algorithm scenarios run like the others, with their own verdict checks; kill and restart work. */
class ClassicScenariosTest {

    @ParameterizedTest
    @ValueSource(strings = {"clock", "mutex"})
    @Timeout(120)
    void classicScenarioPasses(String scenario) throws Exception {
        Verdict v = RunTesting.runToVerdict(
                RunSpec.builder(scenario).participants(3).rounds(2).speed(4).build());
        assertEquals(Verdict.Outcome.PASS, v.outcome(), v.line());
        assertTrue(v.detail().contains("the " + scenario + " checks hold"), v.line());
    }

    @Test
    @Timeout(120)
    void leaderKilledAndRestartedTakesOverAgain() throws Exception {
        RunSpec spec =
                RunSpec.builder("leader").participants(3).rounds(6).speed(4).build();
        try (Run run = Run.start(spec)) {
            RunTesting.waitFor("p3 to be followed as the leader", Duration.ofSeconds(60), () -> run.history().stream()
                    .anyMatch(e -> e.is(EventType.LEADER)
                            && "p3".equals(e.attr("leader"))
                            && !e.participant().equals("p3")));
            run.restart("p3");
            Verdict v = RunTesting.await(run);
            assertEquals(Verdict.Outcome.PASS, v.outcome(), v.line());
            assertEquals(
                    2,
                    run.history().stream()
                            .filter(e ->
                                    e.is(EventType.SPAWN) && e.participant().equals("p3"))
                            .count(),
                    "p3 was started twice");
            assertTrue(run.history().stream()
                    .anyMatch(e -> e.is(EventType.KILL) && e.participant().equals("p3")));
        }
    }
}
