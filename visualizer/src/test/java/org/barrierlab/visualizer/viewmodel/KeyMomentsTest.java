package org.barrierlab.visualizer.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.visualizer.source.Recording;
import org.junit.jupiter.api.Test;

/**
 * The key moments of a recorded run (reusable, p2 killed): one "all but one wait" before every
 * release, after the next-to-last arrival of that generation, and one break; each shown once.
 */
class KeyMomentsTest {

    private record Moment(int index, String text) {}

    @Test
    void everyReleaseIsPrecededByItsLastArrivalMomentAndTheBreakIsShownOnce() throws Exception {
        List<TraceEvent> events = Recording.read(Path.of("..", "docs", "recordings", "reusable-kill.jsonl"))
                .events();
        KeyMoments moments = new KeyMoments();
        List<Moment> seen = new ArrayList<>();
        RunState state = RunState.EMPTY;
        TreeMap<Long, Integer> firstPass = new TreeMap<>();
        TreeMap<Long, List<Integer>> arrivals = new TreeMap<>();
        int breakAt = -1;
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            state = RunReducer.apply(state, e);
            if (e.is(EventType.PASS)) {
                firstPass.putIfAbsent(e.generation(), i);
            } else if (e.is(EventType.ARRIVE)) {
                arrivals.computeIfAbsent(e.generation(), g -> new ArrayList<>()).add(i);
            } else if (e.is(EventType.BREAK)) {
                breakAt = i;
            }
            Optional<String> m = moments.next(state);
            if (m.isPresent()) {
                seen.add(new Moment(i, m.get()));
            }
        }
        assertTrue(!firstPass.isEmpty() && breakAt >= 0, "the recording has releases and a break");
        for (var pass : firstPass.entrySet()) {
            long g = pass.getKey();
            List<Moment> last = seen.stream()
                    .filter(m -> m.text().startsWith("all but one wait at stroke (generation " + g + ")"))
                    .toList();
            assertEquals(1, last.size(), "one last-arrival moment for generation " + g + ": " + seen);
            List<Integer> arrived = arrivals.get(g);
            int nextToLast = arrived.get(arrived.size() - 2);
            assertTrue(
                    last.get(0).index() >= nextToLast && last.get(0).index() < pass.getValue(),
                    "generation " + g + ": the moment comes after the next-to-last arrival (" + nextToLast
                            + ") and before the release (" + pass.getValue() + "), was "
                            + last.get(0).index());
        }
        List<Moment> breaks =
                seen.stream().filter(m -> m.text().contains(" broke")).toList();
        assertEquals(1, breaks.size(), "one break moment: " + seen);
        assertTrue(breaks.get(0).index() >= breakAt, "the break moment comes with the break: " + breaks);
        assertTrue(
                breaks.get(0).text().contains("p2 died"),
                "it says why: " + breaks.get(0).text());
        assertEquals(Optional.empty(), moments.next(state), "a moment is shown once");
        moments.reset();
        assertTrue(moments.next(state).isPresent(), "a new run shows its moments again");
    }
}
