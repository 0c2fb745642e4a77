package org.barrierlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.junit.jupiter.api.Test;

/** Wake-ups per waiter: the notifications of one generation's N completions over its N-1 waiters. */
class CostsTest {

    private static TraceEvent done(String p, EventType type, String scope, long gen, int requests, int wakeups) {
        return TraceEvent.of(p, type, scope, gen)
                .with("requests", Integer.toString(requests))
                .with("wakeups", Integer.toString(wakeups));
    }

    @Test
    void oneWakeUpPerWaitingParticipantIsOnePerWaiter() {
        List<TraceEvent> h = new ArrayList<>();
        for (String scope : List.of("/barriers/sweep-1", "/barriers/sweep-2")) {
            h.add(done("p1", EventType.PASS, scope, 1, 2, 1));
            h.add(done("p2", EventType.PASS, scope, 1, 2, 1));
            h.add(done("p3", EventType.PASS, scope, 1, 1, 0)); // the last arrival releases, never waits
        }
        Costs c = Costs.of(h);
        assertEquals(6, c.crossings());
        assertEquals(1.0, c.wakeupsPerWaiter(), 1e-9);
        assertEquals(4.0 / 6, c.wakeupsPerCrossing(), 1e-9);
        assertEquals(10.0 / 6, c.requestsPerCrossing(), 1e-9);
    }

    @Test
    void wakingWaitersAtEveryArrivalCountsEveryWakeUp() {
        List<TraceEvent> h = List.of(
                done("p1", EventType.PASS, "/barriers/gate", 1, 5, 3),
                done("p2", EventType.PASS, "/barriers/gate", 1, 4, 2),
                done("p3", EventType.PASS, "/barriers/gate", 1, 3, 1),
                done("p4", EventType.PASS, "/barriers/gate", 1, 2, 0));
        assertEquals(2.0, Costs.of(h).wakeupsPerWaiter(), 1e-9, "6 wake-ups over 3 waiters");
    }

    @Test
    void enterAndLeaveOfOneGenerationAreSeparateCrossings() {
        List<TraceEvent> h = List.of(
                done("p1", EventType.ENTERED, "/barriers/room", 1, 2, 1),
                done("p2", EventType.ENTERED, "/barriers/room", 1, 1, 0),
                done("p1", EventType.LEFT, "/barriers/room", 1, 2, 1),
                done("p2", EventType.LEFT, "/barriers/room", 1, 1, 0));
        assertEquals(1.0, Costs.of(h).wakeupsPerWaiter(), 1e-9, "2 wake-ups over 1 waiter of enter + 1 of leave");
    }

    @Test
    void theWarmUpGenerationIsNotCounted() {
        List<TraceEvent> h = List.of(
                done("p1", EventType.PASS, "/barriers/sweep", Costs.WARM_UP, 9, 3),
                done("p2", EventType.PASS, "/barriers/sweep", Costs.WARM_UP, 7, 0),
                done("p1", EventType.PASS, "/barriers/sweep", 1, 2, 1),
                done("p2", EventType.PASS, "/barriers/sweep", 1, 1, 0));
        Costs c = Costs.of(h);
        assertEquals(2, c.crossings());
        assertEquals(1.5, c.requestsPerCrossing(), 1e-9);
        assertEquals(1.0, c.wakeupsPerWaiter(), 1e-9);
    }
}
