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
        // the verdict line names the leader and the critical sections per participant
        if (scenario.equals("mutex")) {
            assertTrue(
                    v.detail().matches(".*; leader p\\d; \\d+ critical sections? \\(p\\d \\d+(, p\\d \\d+)*\\)"),
                    v.line());
        }
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
            assertTrue(v.detail().contains("p3 killed and restarted"), v.line());
            // The verdict names the leader the run ended with: the last one announced (p3 took
            // over again after its restart; whoever outlived it may have followed another since).
            String last = run.history().stream()
                    .filter(e -> e.is(EventType.LEADER))
                    .reduce((a, b) -> b)
                    .orElseThrow()
                    .attr("leader");
            assertTrue(
                    v.detail().endsWith("; leader " + last), "the verdict names the leader " + last + ": " + v.line());
            assertTrue(
                    run.history().stream()
                            .anyMatch(e ->
                                    e.is(EventType.LEADER) && "p3".equals(e.attr("leader")) && e.zxid() > respawn(run)),
                    "p3 took over again after its restart");
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

    private static long respawn(Run run) {
        return run.history().stream()
                .filter(e -> e.is(EventType.SPAWN) && e.participant().equals("p3") && "2".equals(e.attr("attempt")))
                .findFirst()
                .orElseThrow()
                .zxid();
    }
}
