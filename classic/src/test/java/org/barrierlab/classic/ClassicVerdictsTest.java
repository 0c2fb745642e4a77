package org.barrierlab.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.junit.jupiter.api.Test;

/** The verdict checkers pass good histories and fail deliberately bad ones, naming the problem. */
class ClassicVerdictsTest {

    /** A history builder: events get increasing zxids; attrs as key, value pairs. */
    private static final class H {
        final List<TraceEvent> events = new ArrayList<>();

        H ev(String p, String inc, EventType type, String scope, String... kv) {
            TraceEvent e = TraceEvent.of(p, type, scope, -1);
            if (inc != null) {
                e = e.with("inc", inc);
            }
            for (int i = 0; i < kv.length; i += 2) {
                e = e.with(kv[i], kv[i + 1]);
            }
            events.add(e.withZxid(events.size() + 1));
            return this;
        }

        H launcher(EventType type, String participant) {
            events.add(TraceEvent.of("launcher", type, "", -1)
                    .with("participant", participant)
                    .withZxid(events.size() + 1));
            return this;
        }

        H msg(String from, long sendClock, String to, long recvClock, String id) {
            ev(
                    from,
                    "a",
                    EventType.SEND,
                    "clock",
                    "to",
                    to,
                    "msg",
                    id,
                    "kind",
                    "CALL",
                    "clock",
                    Long.toString(sendClock));
            return ev(
                    to,
                    "a",
                    EventType.RECEIVE,
                    "clock",
                    "from",
                    from,
                    "msg",
                    id,
                    "kind",
                    "CALL",
                    "clock",
                    Long.toString(recvClock));
        }

        H leader(String p, String inc, String leader) {
            return ev(p, inc, EventType.LEADER, "election", "leader", leader);
        }

        H mutex(String p, EventType type, String request, String... more) {
            List<String> kv = new ArrayList<>(List.of("request", request));
            kv.addAll(List.of(more));
            return ev(p, "a", type, "mutex", kv.toArray(new String[0]));
        }

        H coordinatorStart(String p) {
            return ev(p, "a", EventType.LOCAL, "mutex", "role", "coordinator-start");
        }
    }

    private static void assertFails(Optional<String> verdict, String mentions) {
        assertTrue(verdict.isPresent(), "must fail");
        assertTrue(verdict.get().contains(mentions), "reason '" + verdict.get() + "' should mention " + mentions);
    }

    // ------------------------------------------------------------------ clock

    @Test
    void clockPassesAGoodExchangeAndARestartedProcessWhoseClockStartsOver() {
        H h = new H().msg("p1", 1, "p2", 2, "m1").msg("p2", 3, "p1", 4, "m2");
        h.ev("p1", "b", EventType.LOCAL, "clock", "clock", "1"); // p1 restarted: new incarnation, clock 1
        assertEquals(Optional.empty(), ClassicVerdicts.checkClock(h.events));
    }

    @Test
    void clockFailsAReceiveNotAfterItsSend() {
        assertFails(ClassicVerdicts.checkClock(new H().msg("p1", 5, "p2", 5, "m1").events), "sent with clock 5");
    }

    @Test
    void clockFailsADecreasingClockInProgramOrder() {
        H h = new H().msg("p1", 3, "p2", 4, "m1");
        h.ev("p1", "a", EventType.LOCAL, "clock", "clock", "2");
        assertFails(ClassicVerdicts.checkClock(h.events), "program order");
    }

    @Test
    void clockFailsAReceiveOfAMessageNeverSentAndDuplicateIds() {
        H h = new H().ev("p2", "a", EventType.RECEIVE, "clock", "from", "p1", "msg", "ghost", "clock", "3");
        assertFails(ClassicVerdicts.checkClock(h.events), "never sent");
        H d = new H().msg("p1", 1, "p2", 2, "m1").msg("p1", 3, "p3", 4, "m1");
        assertFails(ClassicVerdicts.checkClock(d.events), "second time");
        assertFails(
                ClassicVerdicts.checkClock(new H().ev("p1", "a", EventType.LOCAL, "clock", "clock", "1").events),
                "no message");
    }

    // ------------------------------------------------------------------ leader

    private static H goodElectionHistory() {
        H h = new H();
        for (String p : List.of("p1", "p2", "p3")) {
            h.launcher(EventType.SPAWN, p).ev(p, "a", EventType.ELECTION, "election");
        }
        h.leader("p3", "a", "p3").leader("p1", "a", "p3").leader("p2", "a", "p3");
        h.launcher(EventType.KILL, "p3");
        h.ev("p1", "a", EventType.ELECTION, "election").leader("p2", "a", "p2").leader("p1", "a", "p2");
        h.launcher(EventType.SPAWN, "p3").ev("p3", "b", EventType.ELECTION, "election");
        h.leader("p3", "b", "p3").leader("p2", "a", "p3").leader("p1", "a", "p3");
        return h;
    }

    @Test
    void leaderPassesKillReElectionAndRestartTakeover() {
        H h = goodElectionHistory();
        for (String p : List.of("p1", "p2", "p3")) {
            h.events.add(TraceEvent.of("launcher", EventType.EXIT, "", -1)
                    .with("participant", p)
                    .with("code", "0")
                    .withZxid(h.events.size() + 1));
        }
        assertEquals(Optional.empty(), ClassicVerdicts.checkLeader(h.events));
    }

    @Test
    void leaderJudgesTheStoryUpToTheFirstNormalExit() {
        H h = new H().leader("p1", "a", "p3").leader("p2", "a", "p3").leader("p3", "a", "p3");
        h.events.add(exit("p3", h));
        h.leader("p2", "a", "p2").leader("p1", "a", "p2"); // the rest re-elect after p3 left: fine
        h.events.add(exit("p2", h));
        h.events.add(exit("p1", h));
        assertEquals(Optional.empty(), ClassicVerdicts.checkLeader(h.events));
        H killed = new H().leader("p1", "a", "p3").leader("p2", "a", "p3").leader("p3", "a", "p3");
        killed.launcher(EventType.KILL, "p3"); // killed at the very end and never replaced
        killed.events.add(exit("p2", killed));
        assertFails(ClassicVerdicts.checkLeader(killed.events), "p1 follows p3");
    }

    private static TraceEvent exit(String p, H h) {
        return TraceEvent.of("launcher", EventType.EXIT, "", -1)
                .with("participant", p)
                .with("code", "0")
                .withZxid(h.events.size() + 1);
    }

    @Test
    void leaderFailsDisagreementAtTheEnd() {
        H h = goodElectionHistory().leader("p1", "a", "p2");
        assertFails(ClassicVerdicts.checkLeader(h.events), "p1 follows p2");
    }

    @Test
    void leaderFailsASettledElectionOnALowerIdWhileAHigherOneLives() {
        H h = new H();
        for (String p : List.of("p1", "p2", "p3")) {
            h.ev(p, "a", EventType.ELECTION, "election");
        }
        h.leader("p1", "a", "p2").leader("p2", "a", "p2").leader("p3", "a", "p2");
        assertFails(ClassicVerdicts.checkLeader(h.events), "p3 is alive and higher");
    }

    @Test
    void leaderFailsSurvivorsFollowingADeadLeaderAndUnknownIds() {
        H h = new H().leader("p1", "a", "p2").leader("p2", "a", "p2").launcher(EventType.KILL, "p2");
        assertFails(ClassicVerdicts.checkLeader(h.events), "highest surviving");
        assertFails(ClassicVerdicts.checkLeader(new H().leader("p1", "a", "p7").events), "not a participant");
        assertFails(
                ClassicVerdicts.checkLeader(new H().ev("p1", "a", EventType.ELECTION, "election").events),
                "no participant ever followed");
    }

    // ------------------------------------------------------------------ mutex

    private static H goodMutexHistory() {
        H h = new H().coordinatorStart("p3");
        h.mutex("p1", EventType.REQUEST, "r1").mutex("p2", EventType.REQUEST, "r2");
        h.mutex("p3", EventType.ENQUEUE, "r1", "requester", "p1")
                .mutex("p3", EventType.ENQUEUE, "r2", "requester", "p2");
        h.mutex("p3", EventType.GRANT, "r1", "requester", "p1").mutex("p1", EventType.ACQUIRE, "r1");
        h.mutex("p1", EventType.RELEASE, "r1");
        h.mutex("p3", EventType.GRANT, "r2", "requester", "p2").mutex("p2", EventType.ACQUIRE, "r2");
        h.mutex("p2", EventType.RELEASE, "r2");
        // p1 dies holding r3; the coordinator releases it for p1 and moves on to r4
        h.mutex("p1", EventType.REQUEST, "r3").mutex("p3", EventType.ENQUEUE, "r3", "requester", "p1");
        h.mutex("p2", EventType.REQUEST, "r4").mutex("p3", EventType.ENQUEUE, "r4", "requester", "p2");
        h.mutex("p3", EventType.GRANT, "r3", "requester", "p1").mutex("p1", EventType.ACQUIRE, "r3");
        h.launcher(EventType.KILL, "p1");
        h.mutex("p3", EventType.RELEASE, "r3", "reason", "holder-died");
        h.mutex("p3", EventType.GRANT, "r4", "requester", "p2").mutex("p2", EventType.ACQUIRE, "r4");
        h.mutex("p2", EventType.RELEASE, "r4");
        return h;
    }

    @Test
    void mutexPassesAGoodHistoryWithAHolderThatDied() {
        assertEquals(Optional.empty(), ClassicVerdicts.checkMutex(goodMutexHistory().events));
    }

    @Test
    void mutexFailsTwoHoldersAtOnce() {
        H h = new H().coordinatorStart("p3");
        h.mutex("p1", EventType.REQUEST, "r1").mutex("p2", EventType.REQUEST, "r2");
        h.mutex("p3", EventType.ENQUEUE, "r1").mutex("p3", EventType.ENQUEUE, "r2");
        h.mutex("p3", EventType.GRANT, "r1").mutex("p1", EventType.ACQUIRE, "r1");
        h.mutex("p3", EventType.GRANT, "r2").mutex("p2", EventType.ACQUIRE, "r2");
        assertFails(ClassicVerdicts.checkMutex(h.events), "while p1 holds r1");
    }

    @Test
    void mutexFailsARequestNeverGrantedWhileItsRequesterLived() {
        H h = goodMutexHistory().mutex("p2", EventType.REQUEST, "r9");
        assertFails(ClassicVerdicts.checkMutex(h.events), "r9, which was never granted");
        // ... but a requester that died is excused
        H dead = goodMutexHistory().mutex("p2", EventType.REQUEST, "r9").launcher(EventType.KILL, "p2");
        assertEquals(Optional.empty(), ClassicVerdicts.checkMutex(dead.events));
    }

    @Test
    void mutexFailsGrantsOutOfQueueOrderAndAcquiresWithoutGrant() {
        H h = new H().coordinatorStart("p3");
        h.mutex("p1", EventType.REQUEST, "r1").mutex("p2", EventType.REQUEST, "r2");
        h.mutex("p3", EventType.ENQUEUE, "r1").mutex("p3", EventType.ENQUEUE, "r2");
        h.mutex("p3", EventType.GRANT, "r2");
        assertFails(ClassicVerdicts.checkMutex(h.events), "before r1");
        H g = new H().mutex("p1", EventType.REQUEST, "r1").mutex("p1", EventType.ACQUIRE, "r1");
        assertFails(ClassicVerdicts.checkMutex(g.events), "no coordinator granted");
        assertFails(ClassicVerdicts.checkMutex(new H().coordinatorStart("p3").events), "no mutex request");
    }
}
