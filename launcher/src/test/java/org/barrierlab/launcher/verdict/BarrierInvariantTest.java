package org.barrierlab.launcher.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.barrierlab.runmodel.event.TraceEvent;
import org.junit.jupiter.api.Test;

/** The history check on hand-made histories: the launcher must catch an early pass and a split generation. */
class BarrierInvariantTest {

    private final List<TraceEvent> h = new ArrayList<>();

    private void add(String p, String type, String scope, long gen, String... kv) {
        Map<String, String> attrs = new java.util.TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            attrs.put(kv[i], kv[i + 1]);
        }
        h.add(new TraceEvent(h.size() + 1, 0, p, type, scope, gen, attrs));
    }

    @Test
    void correctHistoryHolds() {
        add("p1", "arrive", "/barriers/b", 0, "members", "p1,p2");
        add("p2", "arrive", "/barriers/b", 0, "members", "p1,p2");
        add("p2", "pass", "/barriers/b", 0);
        add("p1", "pass", "/barriers/b", 0);
        add("p1", "enter", "/barriers/d", 0, "parties", "2");
        add("p2", "enter", "/barriers/d", 0, "parties", "2");
        add("p1", "entered", "/barriers/d", 0);
        add("p2", "entered", "/barriers/d", 0);
        assertEquals(List.of(), BarrierInvariant.check(h));
    }

    @Test
    void passBeforeAMemberArrivedIsCaught() {
        add("p1", "arrive", "/barriers/b", 3, "members", "p1,p2,p3");
        add("p2", "arrive", "/barriers/b", 3, "members", "p1,p2,p3");
        add("p1", "pass", "/barriers/b", 3);
        add("p3", "arrive", "/barriers/b", 3, "members", "p1,p2,p3");
        List<String> v = BarrierInvariant.check(h);
        assertEquals(List.of("p1 passed /barriers/b generation 3 before p3 arrived"), v);
    }

    @Test
    void tooFewPartiesAndPassWithoutArrivalAreCaught() {
        add("p1", "leave", "/barriers/d", 1, "parties", "3");
        add("p2", "leave", "/barriers/d", 1, "parties", "3");
        add("p2", "left", "/barriers/d", 1);
        add("p4", "left", "/barriers/d", 1);
        List<String> v = BarrierInvariant.check(h);
        assertEquals(2, v.size(), v.toString());
        assertTrue(v.get(0).contains("only 2 of 3 had arrived"), v.get(0));
        assertTrue(v.get(1).contains("p4 left /barriers/d generation 1 without arriving"), v.get(1));
    }

    @Test
    void generationPassedBySomeAndBrokenForOthersIsCaught() {
        add("p1", "arrive", "/barriers/b", 0, "parties", "2");
        add("p2", "arrive", "/barriers/b", 0, "parties", "2");
        add("p1", "pass", "/barriers/b", 0);
        add("p2", "broken", "/barriers/b", 0, "reason", "p1 timeout");
        List<String> v = BarrierInvariant.check(h);
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).contains("must be all or none"), v.get(0));
    }
}
