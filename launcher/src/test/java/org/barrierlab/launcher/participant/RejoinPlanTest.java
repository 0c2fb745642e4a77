package org.barrierlab.launcher.participant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.junit.jupiter.api.Test;

/** What a restarted participant skips and retakes, read from the events of its run. */
class RejoinPlanTest {

    private static final String FESTIVAL = "/barriers/festival";
    private static final String BACKSTAGE = "/barriers/festival/inner/band-b-backstage";
    private static final String SONG = "/barriers/festival/inner/band-b";
    private static final String CHEER = "/barriers/festival/inner/cheer";

    /** p2 and p4 (band b) with p1: p2 died after song 2 passed and while waiting at cheer 2. */
    private static List<TraceEvent> festivalUntilCheer2() {
        List<TraceEvent> h = new ArrayList<>();
        for (String p : List.of("p1", "p2", "p4")) {
            h.add(ev(p, EventType.ENTER, FESTIVAL, 0, 1));
        }
        for (String p : List.of("p1", "p2", "p4")) {
            h.add(ev(p, EventType.ENTERED, FESTIVAL, 0, 1));
        }
        h.add(ev("p2", EventType.ENTER, BACKSTAGE, 0, 1));
        h.add(ev("p4", EventType.ENTERED, BACKSTAGE, 0, 1));
        for (int s = 1; s <= 2; s++) {
            h.add(ev("p2", EventType.ARRIVE, SONG, s - 1, s));
            h.add(ev("p4", EventType.PASS, SONG, s - 1, s));
            h.add(ev("p2", EventType.ARRIVE, CHEER, s - 1, s));
            if (s == 1) {
                h.add(ev("p1", EventType.PASS, CHEER, 0, 1));
            }
        }
        return h;
    }

    @Test
    void diedBetweenSongAndCheerRejoinsAtThatRoundSkippingTheSongAndStaysInside() {
        List<TraceEvent> h = festivalUntilCheer2();
        h.add(ev("p4", EventType.BROKEN, CHEER, 1, 2));
        RejoinPlan plan = RejoinPlan.after("p2", h);
        assertEquals(2, plan.round());
        assertTrue(plan.passed(SONG, 2), "song 2 was played with p2");
        assertFalse(plan.passed(CHEER, 2), "cheer 2 was not");
        assertTrue(plan.inside(FESTIVAL));
        assertTrue(plan.inside(BACKSTAGE));
        assertFalse(plan.left(FESTIVAL));
    }

    @Test
    void aLeftDoubleBarrierIsLeftAndTheRoundIsTheLastOneAnybodyPassed() {
        List<TraceEvent> h = new ArrayList<>();
        h.add(ev("p2", EventType.ENTER, "/barriers/exam-1", 0, 1));
        h.add(ev("p1", EventType.ENTERED, "/barriers/exam-1", 0, 1));
        h.add(ev("p1", EventType.LEFT, "/barriers/exam-1", 0, 1));
        RejoinPlan plan = RejoinPlan.after("p2", h);
        assertEquals(1, plan.round());
        assertTrue(plan.left("/barriers/exam-1"));
        assertFalse(plan.inside("/barriers/exam-1"));
        assertEquals(1, RejoinPlan.after("p2", List.of()).round(), "nothing passed yet: round 1");
    }

    @Test
    void anArrivalNobodyPassedOrBrokeIsUndecided() {
        List<TraceEvent> h = festivalUntilCheer2();
        assertTrue(RejoinPlan.undecided("p2", h), "p2 waits at cheer 2");
        h.add(ev("p1", EventType.BREAK, CHEER, 1, 2));
        assertFalse(RejoinPlan.undecided("p2", h));
    }

    @Test
    void theEncodedPlanParsesBackToTheSamePlan() {
        List<TraceEvent> h = festivalUntilCheer2();
        RejoinPlan plan = RejoinPlan.after("p2", h);
        RejoinPlan back = RejoinPlan.parse(plan.encode());
        assertEquals(plan.round(), back.round());
        assertTrue(back.passed(SONG, 2) && back.passed(SONG, 1) && back.passed(CHEER, 1));
        assertFalse(back.passed(CHEER, 2));
        assertTrue(back.inside(FESTIVAL) && back.inside(BACKSTAGE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RejoinPlan.parse("x;y"));
        assertTrue(e.getMessage().contains("not a rejoin plan"), e.getMessage());
    }

    private static TraceEvent ev(String who, EventType type, String scope, long generation, int round) {
        return TraceEvent.of(who, type, scope, generation).with("round", Integer.toString(round));
    }
}
