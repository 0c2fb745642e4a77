package org.barrierlab.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.DeclaredBarrier;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.ScopeKind;
import org.barrierlab.runmodel.state.ScopeState;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every barrier-lib scenario end to end: real participant JVMs on an embedded ZooKeeper, the
 * launcher's verdict checks the barrier invariant over the whole recorded history, and the
 * run-start event declares every barrier the run uses (the visualizer lays them out from it).
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
        Verdict v;
        List<TraceEvent> history;
        try (Run run = Run.start(spec)) {
            v = RunTesting.await(run);
            history = run.history();
        }
        assertEquals(Verdict.Outcome.PASS, v.outcome(), v.line());
        // the run-start event declares every barrier the run uses, as the events name it
        TraceEvent start = history.stream()
                .filter(e -> e.is(EventType.RUN_START))
                .findFirst()
                .orElseThrow();
        Map<String, ScopeKind> declared = new HashMap<>();
        for (DeclaredBarrier d : DeclaredBarrier.decode(start.attr(DeclaredBarrier.ATTR))) {
            declared.put(d.path(), d.kind());
        }
        RunState end = RunReducer.applyAll(RunState.EMPTY, history);
        for (ScopeState s : end.scopes().values()) {
            assertEquals(s.kind(), declared.get(s.path()), s.path() + " declared as " + declared);
        }
        assertTrue(v.line().startsWith("verdict: PASS " + scenario + ": 3 participants, 2 rounds"), v.line());
        assertEquals(0, v.exitCode());
    }
}
