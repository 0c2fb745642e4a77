package org.barrierlab.runmodel.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.junit.jupiter.api.Test;

class RunReducerTest {

    private long zxid = 100;
    private final List<TraceEvent> events = new ArrayList<>();

    private TraceEvent ev(String p, EventType t, String scope, long gen, String... kv) {
        TraceEvent e = new TraceEvent(zxid++, 0, p, t.wireName(), scope, gen, Map.of());
        for (int i = 0; i + 1 < kv.length; i += 2) {
            e = e.with(kv[i], kv[i + 1]);
        }
        events.add(e);
        return e;
    }

    private RunState run() {
        return RunReducer.applyAll(RunState.EMPTY, events);
    }

    @Test
    void arrivalsWaitUntilPassAndGenerationAdvances() {
        ev("launcher", EventType.RUN_START, "", -1, "scenario", "cyclic");
        for (String p : List.of("p1", "p2", "p3")) {
            ev(p, EventType.SPAWN, "", -1, "host", "h", "pid", "1");
        }
        ev("p1", EventType.ARRIVE, "/barriers/all", 0, "parties", "3");
        ev("p2", EventType.ARRIVE, "/barriers/all", 0, "parties", "3");
        RunState s = run();
        assertEquals("cyclic", s.scenario());
        assertEquals(2, s.waitingAt("/barriers/all"));
        assertEquals(3, s.scopes().get("/barriers/all").parties());
        assertEquals(0, s.scopes().get("/barriers/all").generation());

        ev("p3", EventType.ARRIVE, "/barriers/all", 0, "parties", "3");
        ev("p1", EventType.PASS, "/barriers/all", 0, "index", "0", "wakeups", "2");
        ev("p2", EventType.PASS, "/barriers/all", 0, "index", "1");
        ev("p3", EventType.PASS, "/barriers/all", 0, "index", "2");
        s = run();
        assertEquals(0, s.waitingAt("/barriers/all"));
        assertEquals(Phase.PASSED, s.participants().get("p1").phase());
        assertEquals(2, s.participants().get("p1").wakeups());

        ev("p2", EventType.ARRIVE, "/barriers/all", 1, "parties", "3");
        s = run();
        assertEquals(1, s.scopes().get("/barriers/all").generation());
        assertEquals(1, s.waitingAt("/barriers/all"));
        assertEquals(events.size(), s.eventCount());
        assertEquals(zxid - 1, s.lastZxid());
    }

    @Test
    void nestedScopesFollowPathPrefixInAnyOrderOfAppearance() {
        ev("p1", EventType.ENTER, "/barriers/outer/inner/x", 0);
        ev("p1", EventType.ENTER, "/barriers/outer", 0);
        ev("p2", EventType.ENTER, "/barriers/outerwear", 0);
        RunState s = run();
        assertEquals(
                "/barriers/outer", s.scopes().get("/barriers/outer/inner/x").parent());
        assertEquals("", s.scopes().get("/barriers/outer").parent());
        assertEquals("", s.scopes().get("/barriers/outerwear").parent(), "prefix must end at a '/'");
        assertEquals(1, s.scopes().get("/barriers/outer/inner/x").depth(s.scopes()));
        assertEquals(ScopeKind.DOUBLE, s.scopes().get("/barriers/outer").kind());
    }

    @Test
    void participantReturnsToOuterScopeAfterLeavingInner() {
        ev("p1", EventType.ENTER, "/barriers/outer", 0);
        ev("p1", EventType.ENTERED, "/barriers/outer", 0);
        ev("p1", EventType.ENTER, "/barriers/outer/inner/a", 0);
        ev("p1", EventType.ENTERED, "/barriers/outer/inner/a", 0);
        RunState s = run();
        assertEquals("/barriers/outer/inner/a", s.participants().get("p1").scope());
        assertEquals(
                List.of("/barriers/outer", "/barriers/outer/inner/a"),
                s.participants().get("p1").enclosing());
        ev("p1", EventType.LEAVE, "/barriers/outer/inner/a", 0);
        assertEquals(Phase.LEAVING, run().participants().get("p1").phase());
        ev("p1", EventType.LEFT, "/barriers/outer/inner/a", 0);
        s = run();
        assertEquals("/barriers/outer", s.participants().get("p1").scope());
        assertEquals(Phase.INSIDE, s.participants().get("p1").phase());
        ev("p1", EventType.LEAVE, "/barriers/outer", 0);
        ev("p1", EventType.LEFT, "/barriers/outer", 0);
        s = run();
        assertEquals("", s.participants().get("p1").scope());
        assertEquals(Phase.NONE, s.participants().get("p1").phase());
    }

    @Test
    void restrictedBarrierKeepsItsMembers() {
        ev("p1", EventType.ARRIVE, "/barriers/pair", 0, "parties", "2", "members", "p1, p3");
        ScopeState s = run().scopes().get("/barriers/pair");
        assertTrue(s.restricted());
        assertEquals(List.of("p1", "p3"), s.members());
        assertEquals(2, s.parties());
    }

    @Test
    void normalExitIsDoneBrokenExitIsBrokenAndOnlyCrashAndKillAreDead() {
        for (String p : List.of("p1", "p2", "p3", "p4")) {
            ev(p, EventType.SPAWN, "", -1, "host", "h");
        }
        ev("p1", EventType.EXIT, "", -1, "code", "0");
        ev("p2", EventType.EXIT, "", -1, "code", "3");
        ev("p3", EventType.KILL, "", -1, "signal", "KILL");
        ev("p3", EventType.EXIT, "", -1, "code", "137");
        ev("p4", EventType.EXIT, "", -1, "code", "1");
        RunState s = run();
        ParticipantState done = s.participants().get("p1");
        assertFalse(done.alive());
        assertEquals(Status.DONE, done.status());
        assertTrue(done.finished(), "exit 0 means the story finished");
        assertFalse(done.dead(), "a finished participant is not shown as dead");
        assertEquals("done", done.stateText());
        ParticipantState survivor = s.participants().get("p2");
        assertEquals(Status.BROKEN, survivor.status(), "exit 3 reported the broken barrier: a survivor");
        assertFalse(survivor.dead(), "a survivor that reported the broken barrier is not dead");
        assertEquals(Status.DEAD, s.participants().get("p3").status(), "killed");
        assertEquals("killed, exit 137", s.participants().get("p3").exitText());
        assertEquals(Status.DEAD, s.participants().get("p4").status(), "a crash is a death");
    }

    @Test
    void killBreaksGenerationWithReasonAndNextGenerationIsClean() {
        ev("p1", EventType.SPAWN, "", -1, "host", "h1");
        ev("p2", EventType.SPAWN, "", -1, "host", "h2");
        ev("p1", EventType.ARRIVE, "/barriers/all", 4, "parties", "3");
        ev("p2", EventType.KILL, "", -1, "signal", "KILL");
        ev("p1", EventType.BROKEN, "/barriers/all", 4, "reason", "participant died", "by", "p2");
        RunState s = run();
        ParticipantState p2 = s.participants().get("p2");
        assertFalse(p2.alive());
        assertEquals("dead", p2.stateText());
        ScopeState all = s.scopes().get("/barriers/all");
        assertTrue(all.broken());
        assertEquals("p2 died", all.brokenReason());
        assertEquals("p2", all.brokenBy());
        assertEquals(Map.of(4L, "p2 died"), all.brokenGenerations());
        assertEquals(Phase.BROKEN, s.participants().get("p1").phase());
        assertEquals(Status.BROKEN, s.participants().get("p1").status());

        ev("p1", EventType.RESET, "/barriers/all", -1);
        all = run().scopes().get("/barriers/all");
        assertFalse(all.broken());
        assertEquals(5, all.generation());
        assertEquals(Map.of(4L, "p2 died"), all.brokenGenerations(), "history stays");
    }

    @Test
    void aDeadMembersDeathExplainsTheBreakThatASurvivorNoticedAsAnInterrupt() {
        // The order of a real `demo reusable --kill p2@3`: the kill, then p1's wait is
        // interrupted and p1 breaks the generation, then everybody reports it.
        for (String p : List.of("p1", "p2", "p3")) {
            ev(p, EventType.SPAWN, "", -1, "host", "local", "attempt", "1");
        }
        for (String p : List.of("p1", "p2", "p3")) {
            ev(p, EventType.ARRIVE, "/barriers/stroke", 1, "members", "p1,p2,p3", "parties", "3");
        }
        for (String p : List.of("p1", "p2", "p3")) {
            ev(p, EventType.PASS, "/barriers/stroke", 1);
        }
        ev("p3", EventType.ARRIVE, "/barriers/stroke", 2, "members", "p1,p2,p3", "parties", "3");
        ev("p2", EventType.KILL, "", -1, "signal", "KILL");
        ev("p2", EventType.EXIT, "", -1, "code", "137");
        ev("p1", EventType.ARRIVE, "/barriers/stroke", 2, "members", "p1,p2,p3", "parties", "3");
        ev("p1", EventType.BREAK, "/barriers/stroke", 2, "reason", "interrupted");
        ev("p3", EventType.BROKEN, "/barriers/stroke", 2, "reason", "p1 interrupted", "by", "p1");
        ev("p1", EventType.BROKEN, "/barriers/stroke", 2, "reason", "p2 died", "by", "p2");
        ev("p3", EventType.EXIT, "", -1, "code", "3");
        ev("p1", EventType.EXIT, "", -1, "code", "3");
        RunState s = run();
        ScopeState stroke = s.scopes().get("/barriers/stroke");
        assertEquals("p2 died", stroke.brokenReason());
        assertEquals("p2", stroke.brokenBy());
        ParticipantState p2 = s.participants().get("p2");
        assertEquals(Status.DEAD, p2.status());
        assertEquals(1, p2.generation(), "dead where it was: it passed generation 1 and never arrived at 2");
        assertEquals(Status.BROKEN, s.participants().get("p1").status());
        assertEquals(Status.BROKEN, s.participants().get("p3").status());
    }

    /**
     * The drift of `demo reusable --kill p2@3`: both survivors' liveness rings break the
     * undecided slots after p2's death; p3's ring found generation 2 already broken by p1's and
     * broke generation 3 (a slot created ahead that nobody reached), and its BREAK event, written
     * last, said generation 3. Every view must still say: broken at generation 2, where the
     * survivors waited and p2 never arrived.
     */
    @Test
    void aBreakOfASlotCreatedAheadDoesNotMoveTheBrokenGeneration() {
        for (String p : List.of("p1", "p2", "p3")) {
            ev(p, EventType.SPAWN, "", -1, "host", "local", "attempt", "1");
        }
        for (long g = 0; g < 2; g++) {
            for (String p : List.of("p1", "p2", "p3")) {
                ev(p, EventType.ARRIVE, "/barriers/stroke", g, "members", "p1,p2,p3", "parties", "3");
            }
            for (String p : List.of("p1", "p2", "p3")) {
                ev(p, EventType.PASS, "/barriers/stroke", g);
            }
        }
        ev("p1", EventType.ARRIVE, "/barriers/stroke", 2, "members", "p1,p2,p3", "parties", "3");
        ev("p3", EventType.ARRIVE, "/barriers/stroke", 2, "members", "p1,p2,p3", "parties", "3");
        ev("p2", EventType.KILL, "", -1, "signal", "KILL");
        ev("p2", EventType.EXIT, "", -1, "code", "137");
        ev("p1", EventType.BREAK, "/barriers/stroke", 2, "reason", "p2 died");
        ev("p1", EventType.BROKEN, "/barriers/stroke", 2, "reason", "p2 died", "by", "p2", "noticed", "p1");
        ev("p3", EventType.BROKEN, "/barriers/stroke", 2, "reason", "p2 died", "by", "p2", "noticed", "p1");
        ev("p3", EventType.BREAK, "/barriers/stroke", 3, "reason", "p2 died");
        RunState s = run();
        ScopeState stroke = s.scopes().get("/barriers/stroke");
        assertTrue(stroke.broken());
        assertEquals(2, stroke.generation(), "the window's 'BROKEN gen' and the verdict's generation");
        assertEquals("p2 died", stroke.brokenReason());
        assertEquals("p2", stroke.brokenBy());
        for (String survivor : List.of("p1", "p3")) {
            assertEquals(2, s.participants().get(survivor).generation(), survivor);
            assertEquals(Phase.BROKEN, s.participants().get(survivor).phase(), survivor);
        }

        // the same events with the late BREAK of generation 3 first: the same story
        List<TraceEvent> reordered = new ArrayList<>(events);
        TraceEvent late = reordered.remove(reordered.size() - 1);
        reordered.add(reordered.size() - 3, late);
        RunState r = RunReducer.applyAll(RunState.EMPTY, reordered);
        assertEquals(2, r.scopes().get("/barriers/stroke").generation());
        assertEquals("p2 died", r.scopes().get("/barriers/stroke").brokenReason());
        assertEquals(2, r.participants().get("p3").generation());
    }

    @Test
    void aReportedDeathReplacesAnEarlierSymptomWhenTheDeadIsNotKnownYet() {
        ev("p1", EventType.BREAK, "/barriers/all", 2, "reason", "interrupted");
        assertEquals("interrupted", run().scopes().get("/barriers/all").brokenReason());
        ev("p1", EventType.BROKEN, "/barriers/all", 2, "reason", "p2 died", "by", "p2");
        ScopeState all = run().scopes().get("/barriers/all");
        assertEquals("p2 died", all.brokenReason());
        assertEquals("p2", all.brokenBy());
        assertEquals(Map.of(2L, "p2 died"), all.brokenGenerations());
    }

    @Test
    void lateEventsOfAKilledParticipantMoveItButOnlyASpawnRevivesIt() {
        ev("p2", EventType.SPAWN, "", -1, "attempt", "1", "role", "rower");
        ev("p2", EventType.KILL, "", -1);
        ev("p2", EventType.ARRIVE, "/barriers/all", 3);
        ParticipantState p2 = run().participants().get("p2");
        assertEquals(Status.DEAD, p2.status());
        assertEquals(Phase.WAITING, p2.phase(), "it did arrive before the signal landed");
        assertEquals(0, run().waitingAt("/barriers/all"), "the dead do not wait");
        ev("p2", EventType.EXIT, "", -1, "code", "137");
        ev("p2", EventType.SPAWN, "", -1, "attempt", "2");
        p2 = run().participants().get("p2");
        assertEquals(Status.RESTARTED, p2.status());
        assertEquals("rower", p2.role(), "the role survives a restart");
        assertTrue(p2.alive());
        ev("p2", EventType.ARRIVE, "/barriers/all", 4);
        assertEquals(Status.WAITING, run().participants().get("p2").status());
    }

    @Test
    void runStartNamesEveryParticipantBeforeItsSpawn() {
        ev("launcher", EventType.RUN_START, "", -1, "participants", "p1,p2", "scenario", "simple");
        RunState s = run();
        assertEquals(List.of("p1", "p2"), List.copyOf(s.participants().keySet()));
        assertEquals(Status.STARTING, s.participants().get("p1").status());
    }

    @Test
    void breakNamesTheBreaker() {
        ev("p3", EventType.BREAK, "/barriers/all", 2, "reason", "timeout");
        ScopeState all = run().scopes().get("/barriers/all");
        assertTrue(all.broken());
        assertEquals("timeout", all.brokenReason());
        assertEquals("p3", all.brokenBy());
    }

    @Test
    void classicAlgorithmsLeaderElectionsAndMutexQueue() {
        ev("p1", EventType.ELECTION, "election", -1, "clock", "3");
        ev("p2", EventType.ELECTION, "election", -1, "clock", "4");
        ev("p1", EventType.LEADER, "election", -1, "leader", "p2", "clock", "7");
        ev("p1", EventType.REQUEST, "mutex", -1, "request", "r1");
        ev("p3", EventType.REQUEST, "mutex", -1, "request", "r2");
        ev("p1", EventType.ACQUIRE, "mutex", -1, "request", "r1");
        ClassicState c = run().classic();
        assertEquals("p2", c.leader());
        assertEquals(java.util.Set.of("p2"), c.electionsInProgress());
        assertEquals("p1", c.mutexHolder());
        assertEquals(List.of("p3"), c.mutexQueue());
        assertEquals(7L, c.clocks().get("p1"));
        ev("p1", EventType.RELEASE, "mutex", -1, "request", "r1");
        assertEquals("", run().classic().mutexHolder());
    }

    @Test
    void unknownTypesAndStepGateAndNotes() {
        events.add(new TraceEvent(zxid++, 0, "p1", "teleport", "/x", 0, Map.of()));
        ev("p1", EventType.STEP_WAIT, "", -1, "op", "await");
        ev("launcher", EventType.NOTE, "", -1, "text", "Now p2 dies.");
        RunState s = run();
        assertEquals(3, s.eventCount());
        assertTrue(s.scopes().isEmpty());
        assertTrue(s.participants().get("p1").stepWaiting());
        assertEquals(Status.STEP, s.participants().get("p1").status());
        assertEquals("await", s.participants().get("p1").stepOp());
        assertEquals("Now p2 dies.", s.caption());
        ev("p1", EventType.STEP, "", -1);
        assertFalse(run().participants().get("p1").stepWaiting());
    }

    @Test
    void participantsAreInNaturalOrder() {
        for (String p : List.of("p10", "p2", "p1")) {
            ev(p, EventType.SPAWN, "", -1);
        }
        assertEquals(
                List.of("p1", "p2", "p10"), List.copyOf(run().participants().keySet()));
    }

    @Test
    void waitingCountAfterAPassCountsOnlyTheNextGenerationsArrivalsInThatScope() {
        String outer = "festival";
        String band = "festival/inner/band-a";
        for (String p : List.of("p1", "p3", "p5")) {
            ev(p, EventType.ENTER, outer, 0, "parties", "3");
            ev(p, EventType.ENTERED, outer, 0);
        }
        for (String p : List.of("p1", "p3", "p5")) {
            ev(p, EventType.ARRIVE, band, 0, "parties", "3", "members", "p1,p3,p5");
        }
        assertEquals(3, run().waitingAt(band));
        ev("p3", EventType.PASS, band, 0);
        ev("p1", EventType.PASS, band, 0);
        assertEquals(1, run().waitingAt(band), "p5 has not returned from await yet");
        ev("p1", EventType.ARRIVE, band, 1, "parties", "3", "members", "p1,p3,p5");
        ev("p5", EventType.PASS, band, 0);
        RunState s = run();
        assertEquals(1, s.waitingAt(band), "only p1, arrived for generation 1");
        assertEquals(0, s.waitingAt(outer), "participants inside the outer barrier do not wait at it");
        assertEquals(1, s.scopes().get(band).generation());
        ev("p3", EventType.ARRIVE, "festival/inner/cheer", 1, "parties", "3");
        s = run();
        assertEquals(1, s.waitingAt(band), "moving on to another inner barrier leaves this count alone");
        assertEquals(1, s.waitingAt("festival/inner/cheer"));
    }

    @Test
    void electionEndsWithTheCoordinatorMessageEvenWhenTheLeaderStaysTheSame() {
        ev("p4", EventType.ELECTION, "election", -1, "clock", "3");
        ev("p4", EventType.LEADER, "election", -1, "leader", "p4", "clock", "4");
        // p4 starts another election and wins again: no leader event (unchanged), but it sends COORDINATOR
        ev("p4", EventType.ELECTION, "election", -1, "clock", "5");
        assertEquals(java.util.Set.of("p4"), run().classic().electionsInProgress());
        ev("p4", EventType.SEND, "election", -1, "to", "p1", "kind", "COORDINATOR", "msg", "m1", "clock", "6");
        assertTrue(
                run().classic().electionsInProgress().isEmpty(), run().classic().toString());
        assertEquals("p4", run().classic().leader());
    }

    @Test
    void nothingIsInProgressAfterTheRunOrAfterADeath() {
        ev("p2", EventType.ELECTION, "election", -1, "clock", "1");
        ev("p3", EventType.ELECTION, "election", -1, "clock", "1");
        ev("p2", EventType.KILL, "", -1, "signal", "KILL");
        assertEquals(java.util.Set.of("p3"), run().classic().electionsInProgress());
        ev("launcher", EventType.RUN_END, "", -1, "verdict", "PASS");
        assertTrue(run().classic().electionsInProgress().isEmpty());
    }

    @Test
    void mutexCriticalSectionsAreIntervalsFromAcquireToRelease() {
        ev("p1", EventType.REQUEST, "mutex", -1, "request", "p1-1-r1");
        TraceEvent a1 = ev("p1", EventType.ACQUIRE, "mutex", -1, "request", "p1-1-r1");
        ev("p2", EventType.REQUEST, "mutex", -1, "request", "p2-1-r1");
        // the coordinator p3 records a withdrawn request of somebody else: p1's section goes on
        ev("p3", EventType.RELEASE, "mutex", -1, "request", "p4-1-r1", "requester", "p4", "reason", "withdrawn");
        assertTrue(run().classic().sections().get(0).open());
        TraceEvent r1 = ev("p1", EventType.RELEASE, "mutex", -1, "request", "p1-1-r1", "reason", "done");
        TraceEvent a2 = ev("p2", EventType.ACQUIRE, "mutex", -1, "request", "p2-1-r1");
        ev("p2", EventType.KILL, "", -1, "signal", "KILL");
        ClassicState c = run().classic();
        assertEquals(
                List.of(
                        new ClassicState.Section("p1", "p1-1-r1", a1.zxid(), r1.zxid(), false),
                        new ClassicState.Section("p2", "p2-1-r1", a2.zxid(), 0, true)),
                c.sections());
        assertEquals("", c.mutexHolder(), "a dead holder holds nothing");
        assertEquals("2 critical sections (p1 1, p2 1)", c.summary());
    }
}
