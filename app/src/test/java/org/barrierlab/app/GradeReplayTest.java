package org.barrierlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.barrierlab.grade.CheckResult;
import org.barrierlab.grade.GradeOptions;
import org.barrierlab.grade.Grader;
import org.barrierlab.grade.plan.Check;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.visualizer.source.ReplaySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grade counterexample is what {@code visualize --replay} shows: the tutorial barrier's failed
 * reuse race, graded with participant JVMs, read by the visualizer's replay source and folded by
 * its one reducer into the scenario, the barrier, the three participants and the verdict.
 */
class GradeReplayTest {

    @TempDir
    Path out;

    @Test
    @Timeout(120)
    void aFailedCheckReplaysInTheVisualizer() throws Exception {
        CheckResult r = Grader.run(
                        new GradeOptions(
                                List.of("tutorial"), Set.of(3), Check.REUSE_RACE, 3, 1001, Set.of(), out, List.of()),
                        line -> {})
                .get(0)
                .results()
                .get(0);
        assertTrue(r.outcome().failed(), r.toString());
        List<TraceEvent> events = ReplaySource.read(r.recordingFile().orElseThrow());
        RunState state = RunReducer.applyAll(RunState.EMPTY, events);
        assertEquals("grade reuse-race", state.scenario());
        assertTrue(state.verdict().startsWith(r.outcome().name()), "verdict shown: " + state.verdict());
        assertTrue(
                state.scopes().containsKey("/barriers/stroke"),
                "the barrier is shown: " + state.scopes().keySet());
        assertEquals(Set.of("p1", "p2", "p3"), state.participants().keySet());
    }
}
