package org.barrierlab.visualizer.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.visualizer.source.SourceBatch;
import org.junit.jupiter.api.Test;

class RunViewModelTest {

    private static List<TraceEvent> rounds(int participants, int rounds) {
        List<TraceEvent> out = new ArrayList<>();
        long zxid = 1;
        for (int g = 0; g < rounds; g++) {
            for (int p = 1; p <= participants; p++) {
                out.add(new TraceEvent(zxid++, 0, "p" + p, EventType.ARRIVE.wireName(), "/barriers/all", g, Map.of()));
            }
            for (int p = 1; p <= participants; p++) {
                out.add(new TraceEvent(zxid++, 0, "p" + p, EventType.PASS.wireName(), "/barriers/all", g, Map.of()));
            }
        }
        return out;
    }

    @Test
    void scrubbingShowsThePastWhileTheLiveRunKeepsGoing() {
        List<TraceEvent> all = rounds(4, 40);
        RunViewModel vm = new RunViewModel();
        vm.accept(List.of(SourceBatch.of(all.subList(0, 100))));
        assertEquals(100, vm.positionProperty().get());
        vm.scrubTo(10);
        assertFalse(vm.followingProperty().get());
        RunState at10 = RunReducer.applyAll(RunState.EMPTY, all.subList(0, 10));
        assertEquals(at10, vm.stateProperty().get());

        vm.accept(List.of(SourceBatch.of(all.subList(100, all.size()))));
        assertEquals(at10, vm.stateProperty().get(), "scrubbed view stays put");
        assertEquals(all.size(), vm.eventCountProperty().get());
        assertEquals(
                RunReducer.applyAll(RunState.EMPTY, all), vm.liveStateProperty().get());

        vm.scrubBy(-100);
        assertEquals(0, vm.positionProperty().get());
        assertEquals(RunState.EMPTY, vm.stateProperty().get());
        vm.followLive();
        assertTrue(vm.followingProperty().get());
        assertEquals(vm.liveStateProperty().get(), vm.stateProperty().get());
    }

    @Test
    void everyPositionMatchesAFreshReduction() {
        List<TraceEvent> all = rounds(3, 50);
        RunViewModel vm = new RunViewModel();
        vm.accept(List.of(SourceBatch.of(all)));
        RunState s = RunState.EMPTY;
        for (int k = 0; k <= all.size(); k++) {
            assertEquals(s, vm.stateAt(k), "state at " + k);
            if (k < all.size()) {
                s = RunReducer.apply(s, all.get(k));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> vm.stateAt(all.size() + 1));
    }

    @Test
    void duplicateZxidsFromAReReadAreDroppedAndPresenceIsKept() {
        List<TraceEvent> all = rounds(2, 1);
        RunViewModel vm = new RunViewModel();
        vm.accept(List.of(SourceBatch.of(all)));
        vm.accept(List.of(new SourceBatch(all.subList(2, 4), Optional.of(Set.of("p1")), 0)));
        assertEquals(all.size(), vm.log().size());
        assertEquals(Optional.of(Set.of("p1")), vm.presenceProperty().get());
    }
}
