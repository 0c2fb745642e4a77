package org.barrierlab.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.curator.test.TestingServer;
import org.barrierlab.messaging.Await;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The three classic scenarios end to end on a real ZooKeeper, one session per participant. */
class ClassicScenariosZkTest {

    private static TestingServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestingServer(true);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static boolean until(ZkRun r, List<String> who, String leader) {
        try {
            return r.follow(who, leader);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void clockScenarioSatisfiesTheClockCondition() throws Exception {
        try (ZkRun r =
                new ZkRun(server.getConnectString(), "clock-1", 4, 4, ClockScenario::run, Duration.ofSeconds(40))) {
            r.startAll();
            List<TraceEvent> h = r.awaitEnd();
            assertEquals(Optional.empty(), ClassicVerdicts.checkClock(h));
            long calls = h.stream()
                    .filter(e -> e.is(EventType.SEND) && "CALL".equals(e.attr("kind")))
                    .count();
            long answers = h.stream()
                    .filter(e -> e.is(EventType.RECEIVE) && "ANSWER".equals(e.attr("kind")))
                    .count();
            assertEquals(16, calls, "4 participants x 4 rounds");
            assertEquals(16, answers, "everyone alive: every call answered");
        }
    }

    @Test
    void clockScenarioWithACrashedPeerStillEndsAndSatisfiesTheClockCondition() throws Exception {
        try (ZkRun r =
                new ZkRun(server.getConnectString(), "clock-2", 3, 6, ClockScenario::run, Duration.ofSeconds(40))) {
            r.startAll();
            Await.until(
                    Duration.ofSeconds(15),
                    () -> {
                        try {
                            return r.history().stream()
                                            .filter(e -> e.is(EventType.RECEIVE))
                                            .count()
                                    >= 4;
                        } catch (Exception e) {
                            return false;
                        }
                    },
                    () -> "some calls made");
            r.crash("p3");
            List<TraceEvent> h = r.awaitEnd();
            assertEquals(Optional.empty(), ClassicVerdicts.checkClock(h));
            assertTrue(
                    h.stream()
                                    .filter(e -> e.participant().equals("p1")
                                            || e.participant().equals("p2"))
                                    .filter(e -> e.is(EventType.SEND) && "CALL".equals(e.attr("kind")))
                                    .count()
                            == 12,
                    "p1 and p2 made all their calls");
        }
    }

    @Test
    void leaderKillOfTheTopTwoConvergesOnTheHighestLiveIdAndARestartedHigherIdTakesOver() throws Exception {
        try (ZkRun r =
                new ZkRun(server.getConnectString(), "leader-1", 5, 25, LeaderScenario::run, Duration.ofSeconds(60))) {
            r.startAll();
            Await.until(Duration.ofSeconds(15), () -> until(r, r.ids, "p5"), () -> "all follow p5");
            r.crash("p5"); // like SIGKILL: the sessions linger until they time out
            r.crash("p4"); // the next candidate is dead too
            Await.until(Duration.ofSeconds(15), () -> until(r, List.of("p1", "p2", "p3"), "p3"), () -> "all follow p3");
            r.start("p5");
            Await.until(
                    Duration.ofSeconds(15),
                    () -> until(r, List.of("p1", "p2", "p3", "p5"), "p5"),
                    () -> "restarted p5 takes over");
            List<TraceEvent> h = r.awaitEnd();
            assertEquals(Optional.empty(), ClassicVerdicts.checkLeader(h));
            assertEquals(Optional.empty(), ClassicVerdicts.checkClock(h));
        }
    }

    @Test
    void mutexScenarioWithContentionAndACoordinatorKill() throws Exception {
        try (ZkRun r =
                new ZkRun(server.getConnectString(), "mutex-1", 4, 5, MutexScenario::run, Duration.ofSeconds(60))) {
            r.startAll();
            Await.until(Duration.ofSeconds(20), () -> acquires(r) >= 4, () -> "some critical sections done");
            r.kill("p4"); // the coordinator
            List<TraceEvent> h = r.awaitEnd();
            assertEquals(Optional.empty(), ClassicVerdicts.checkMutex(h));
            assertEquals(Optional.empty(), ClassicVerdicts.checkClock(h));
            assertTrue(
                    h.stream()
                            .anyMatch(e -> e.is(EventType.LOCAL)
                                    && "coordinator-start".equals(e.attr("role"))
                                    && e.participant().equals("p3")),
                    "p3 took over as coordinator");
            long acquiredBySurvivors = h.stream()
                    .filter(e -> e.is(EventType.ACQUIRE) && !e.participant().equals("p4"))
                    .count();
            assertEquals(15, acquiredBySurvivors, "p1..p3 each got all 5 rounds");
        }
    }

    @Test
    void mutexScenarioWithAClientCrashAndRestart() throws Exception {
        try (ZkRun r =
                new ZkRun(server.getConnectString(), "mutex-2", 4, 4, MutexScenario::run, Duration.ofSeconds(60))) {
            r.startAll();
            Await.until(Duration.ofSeconds(20), () -> acquires(r) >= 3, () -> "some critical sections done");
            r.crash("p2"); // its session lingers: a held or queued request must not block the others
            r.start("p2");
            List<TraceEvent> h = r.awaitEnd();
            assertEquals(Optional.empty(), ClassicVerdicts.checkMutex(h));
            assertEquals(Optional.empty(), ClassicVerdicts.checkClock(h));
            for (String p : List.of("p1", "p3", "p4")) {
                assertEquals(
                        4,
                        h.stream()
                                .filter(e -> e.is(EventType.ACQUIRE)
                                        && e.participant().equals(p))
                                .count(),
                        p + " got all its rounds");
            }
        }
    }

    private static long acquires(ZkRun r) {
        try {
            return r.history().stream().filter(e -> e.is(EventType.ACQUIRE)).count();
        } catch (Exception e) {
            return 0;
        }
    }
}
