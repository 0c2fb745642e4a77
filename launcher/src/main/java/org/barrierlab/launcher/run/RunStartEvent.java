package org.barrierlab.launcher.run;

import java.util.ArrayList;
import java.util.List;
import org.barrierlab.launcher.scenario.Scenario;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.state.DeclaredBarrier;
import org.barrierlab.runmodel.state.ScopeKind;

/**
 * The {@code run-start} event: what a run is, as its trace says it. It is the one place the
 * spec becomes trace attributes (scenario, participants, rounds, speed, barrier, seed and the
 * scenario's declared barriers), so a recording or a visualizer attached later learns the run
 * from its first event alone; kept apart from {@link Run}, which only stores it.
 */
final class RunStartEvent {

    private RunStartEvent() {}

    /** The start event of a run of {@code spec} in the namespace {@code layout}. */
    static TraceEvent of(RunSpec spec, RunLayout layout) {
        List<String> ids = spec.participantIds();
        return TraceEvent.of("launcher", EventType.RUN_START, "", -1)
                .with("scenario", spec.scenario().name())
                .with("participants", String.join(",", ids))
                .with("rounds", Integer.toString(spec.rounds()))
                .with("speed", Double.toString(spec.speed()))
                .with("barrier", spec.barrier())
                .with("seed", Long.toString(spec.seed()))
                .with(DeclaredBarrier.ATTR, DeclaredBarrier.encode(declaredBarriers(spec, layout)));
    }

    /** The scenario's barriers as paths relative to the run root, as the events name them. */
    private static List<DeclaredBarrier> declaredBarriers(RunSpec spec, RunLayout layout) {
        String base = layout.relative(layout.barriers());
        List<DeclaredBarrier> out = new ArrayList<>();
        for (Scenario.Barrier b : spec.scenario().barriers(spec.participantIds(), spec.rounds())) {
            out.add(new DeclaredBarrier(
                    base + "/" + b.name(), b.isDouble() ? ScopeKind.DOUBLE : ScopeKind.SIMPLE, b.members()));
        }
        return out;
    }
}
