package org.barrierlab.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A participant restarted mid-run (the window's context menu, the control channel's {@code
 * restart}) rejoins the round the others are at, after the barrier's reset, and the run passes:
 * real participant JVMs, a real ZooKeeper, the reusable (rowing) story.
 */
class RestartRejoinTest {

    @Test
    @Timeout(180)
    void restartedRowerRejoinsTheCurrentStrokeAndTheRunPasses() throws Exception {
        int strokes = 8;
        RunSpec spec = RunSpec.builder("reusable")
                .participants(3)
                .rounds(strokes)
                .speed(0.5)
                .build();
        try (Run run = Run.start(spec)) {
            RunTesting.waitFor("p2 to pass stroke 2", Duration.ofSeconds(60), () -> passes(run.history(), "p2")
                    .contains(2));
            run.restart("p2");
            Verdict v = RunTesting.await(run);
            List<TraceEvent> h = run.history();
            assertEquals(Verdict.Outcome.PASS, v.outcome(), v.line());
            assertTrue(v.detail().contains("p2 killed and restarted"), v.line());
            assertEquals(
                    2,
                    h.stream()
                            .filter(e ->
                                    e.is(EventType.SPAWN) && e.participant().equals("p2"))
                            .count());
            // Every rower passed every stroke exactly once, p2 included across its two JVMs: the
            // restarted p2 started at the stroke after its last pass, not at stroke 1.
            for (String p : List.of("p1", "p2", "p3")) {
                List<Integer> passed = passes(h, p);
                List<Integer> expected = new ArrayList<>();
                for (int s = 1; s <= strokes; s++) {
                    expected.add(s);
                }
                assertEquals(expected, passed, p + " passed strokes " + passed);
            }
            long spawn2 = h.stream()
                    .filter(e -> e.is(EventType.SPAWN) && e.participant().equals("p2") && "2".equals(e.attr("attempt")))
                    .findFirst()
                    .orElseThrow()
                    .zxid();
            assertTrue(
                    h.stream()
                            .anyMatch(e ->
                                    e.is(EventType.RESET) && e.participant().equals("p2") && e.zxid() > spawn2),
                    "the restarted p2 reset the barrier");
        }
    }

    private static List<Integer> passes(List<TraceEvent> history, String id) {
        List<Integer> out = new ArrayList<>();
        for (TraceEvent e : history) {
            if (e.is(EventType.PASS) && e.participant().equals(id) && e.attr("round") != null) {
                out.add(Integer.parseInt(e.attr("round")));
            }
        }
        return out;
    }
}
