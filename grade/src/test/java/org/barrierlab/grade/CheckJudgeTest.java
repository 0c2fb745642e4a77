package org.barrierlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.barrierlab.grade.plan.Check;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.junit.jupiter.api.Test;

/** The verdict rules on small hand-written histories (zxid order = list order). */
class CheckJudgeTest {

    private final List<TraceEvent> history = new ArrayList<>();

    private void add(String p, EventType t, String parties) {
        TraceEvent e = TraceEvent.of(p, t, "/barriers/gate", 1);
        if (parties != null) {
            e = e.with("parties", parties);
        }
        if (t != EventType.ARRIVE) {
            e = e.with("op", "arrive").with("reason", "timeout: 3000 ms");
        }
        history.add(e.withZxid(history.size() + 1));
    }

    @Test
    void theExtraArrivalMustNotPassWithAnIncompleteSet() {
        add("p1", EventType.ARRIVE, "3");
        add("p2", EventType.ARRIVE, "3");
        add("p3", EventType.ARRIVE, "3");
        add("p4", EventType.ARRIVE, "3");
        add("p1", EventType.PASS, null);
        add("p4", EventType.PASS, null);
        CheckJudge.Judgement j = CheckJudge.judge(Check.OVERSUBSCRIBED, history, Set.of());
        assertEquals(Outcome.FAIL, j.outcome());
        assertTrue(j.detail().startsWith("p4 passed /barriers/gate as arrival 4"), j.detail());
    }

    @Test
    void theExtraArrivalWaitingInVainIsCorrect() {
        add("p1", EventType.ARRIVE, "3");
        add("p2", EventType.ARRIVE, "3");
        add("p3", EventType.ARRIVE, "3");
        add("p1", EventType.PASS, null);
        add("p2", EventType.PASS, null);
        add("p3", EventType.PASS, null);
        add("p4", EventType.ARRIVE, "3");
        add("p4", EventType.BREAK, null);
        assertEquals(
                Outcome.PASS,
                CheckJudge.judge(Check.OVERSUBSCRIBED, history, Set.of()).outcome());
    }

    @Test
    void theExtraIsWhoeverArrivedLastEvenIfTheStaggerSwapped() {
        add("p1", EventType.ARRIVE, "3");
        add("p2", EventType.ARRIVE, "3");
        add("p4", EventType.ARRIVE, "3");
        add("p1", EventType.PASS, null);
        add("p2", EventType.PASS, null);
        add("p4", EventType.PASS, null);
        add("p3", EventType.ARRIVE, "3");
        add("p3", EventType.BROKEN, null);
        assertEquals(
                Outcome.PASS,
                CheckJudge.judge(Check.OVERSUBSCRIBED, history, Set.of()).outcome());
    }

    @Test
    void anEarlyPassFailsAndNamesTheStep() {
        add("p1", EventType.ARRIVE, "3");
        add("p2", EventType.ARRIVE, "3");
        add("p2", EventType.PASS, null);
        CheckJudge.Judgement j = CheckJudge.judge(Check.CROSSING, history, Set.of());
        assertEquals(Outcome.FAIL, j.outcome());
        assertEquals(3, j.focusZxid(), "the excerpt centres on p2's pass");
    }

    @Test
    void aTimedOutWaitWithoutAFaultIsHungAndSaysWhere() {
        add("p1", EventType.ARRIVE, "2");
        add("p1", EventType.BREAK, null);
        CheckJudge.Judgement j = CheckJudge.judge(Check.REUSE, history, Set.of());
        assertEquals(Outcome.HUNG, j.outcome());
        assertTrue(j.detail().startsWith("p1 waited in await of /barriers/gate generation 1"), j.detail());
    }

    @Test
    void aProcessStillRunningAtTheDeadlineIsHungInItsOpenCall() {
        add("p1", EventType.ARRIVE, "2");
        CheckJudge.Judgement j = CheckJudge.judge(Check.REUSE, history, Set.of("p1"));
        assertEquals(Outcome.HUNG, j.outcome());
        assertTrue(j.detail().startsWith("p1 in await of /barriers/gate generation 1"), j.detail());
    }
}
