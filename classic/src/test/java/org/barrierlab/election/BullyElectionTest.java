package org.barrierlab.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.barrierlab.classic.ClassicVerdicts;
import org.barrierlab.messaging.Await;
import org.barrierlab.messaging.InMemoryCluster;
import org.barrierlab.messaging.InMemoryNetwork;
import org.barrierlab.messaging.Message;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BullyElectionTest {

    private static final Duration CONVERGE = Duration.ofSeconds(10);

    private static void awaitLeader(InMemoryCluster c, String leader) throws InterruptedException {
        Await.until(CONVERGE, () -> c.allFollow(leader), () -> "all follow " + leader + ": " + c.beliefs());
    }

    private static void assertVerdict(InMemoryCluster c) {
        c.close();
        assertEquals(Optional.empty(), ClassicVerdicts.checkLeader(c.sink.events()));
        assertEquals(Optional.empty(), ClassicVerdicts.checkClock(c.sink.events()));
    }

    @ParameterizedTest
    @EnumSource(
            value = InMemoryNetwork.Order.class,
            names = {"FIFO", "SHUFFLED", "CHAOS"})
    void allAgreeOnTheHighestIdUnderAnyDeliveryOrder(InMemoryNetwork.Order order) throws Exception {
        InMemoryCluster c = new InMemoryCluster(new InMemoryNetwork(11, order, 40), 5, false, InMemoryCluster.FAST);
        c.startAll();
        awaitLeader(c, "p5");
        assertVerdict(c);
    }

    @Test
    void idsAreOrderedByNumberSoP10BeatsP9() throws Exception {
        InMemoryCluster c = new InMemoryCluster(InMemoryNetwork.fifo(), 10, false, InMemoryCluster.FAST);
        c.startAll();
        awaitLeader(c, "p10");
        assertVerdict(c);
    }

    @ParameterizedTest
    @EnumSource(
            value = InMemoryNetwork.Order.class,
            names = {"FIFO", "CHAOS"})
    void killedLeaderIsReplacedByTheHighestLiveIdEvenWhenTheNextCandidatesAreDead(InMemoryNetwork.Order order)
            throws Exception {
        InMemoryCluster c = new InMemoryCluster(new InMemoryNetwork(3, order, 30), 5, false, InMemoryCluster.FAST);
        c.startAll();
        awaitLeader(c, "p5");
        c.kill("p5");
        awaitLeader(c, "p4");
        c.kill("p4");
        c.kill("p3");
        awaitLeader(c, "p2");
        assertTrue(c.sink.count(EventType.ELECTION) >= 3);
        assertVerdict(c);
    }

    @Test
    void aRestartedHigherIdTakesOver() throws Exception {
        InMemoryCluster c = new InMemoryCluster(
                new InMemoryNetwork(5, InMemoryNetwork.Order.SHUFFLED, 20), 4, false, InMemoryCluster.FAST);
        c.startAll();
        awaitLeader(c, "p4");
        c.kill("p4");
        awaitLeader(c, "p3");
        c.start("p4");
        awaitLeader(c, "p4");
        assertVerdict(c);
        // The same real history where p1 never learns of the restarted p4 must fail.
        List<TraceEvent> broken = new ArrayList<>(c.sink.events());
        TraceEvent last = null;
        for (TraceEvent e : broken) {
            if (e.is(EventType.LEADER) && e.participant().equals("p1")) {
                last = e;
            }
        }
        broken.remove(last);
        assertTrue(ClassicVerdicts.checkLeader(broken).isPresent(), "p1 still following p3 at the end is detected");
    }

    @Test
    void staleCoordinatorAnnouncementIsCorrectedByTheHealthCheck() throws Exception {
        // Adversarial, exact order: p3's COORDINATOR (sent while p4 was not yet heard of)
        // reaches p1 after p4's, so p1 first follows p3; the health check must fix it.
        InMemoryNetwork net = new InMemoryNetwork(0, InMemoryNetwork.Order.MANUAL, 0);
        InMemoryCluster c = new InMemoryCluster(net, 4, false, InMemoryCluster.FAST);
        c.start("p1");
        c.start("p3");
        // Deliver everything except to p4 (not started); p3 times out on p4 and wins.
        Await.until(
                CONVERGE,
                () -> {
                    net.deliver(m -> !m.to().equals("p4")
                            && !(m.to().equals("p1") && m.kind().equals("COORDINATOR")));
                    return net.held().stream()
                            .anyMatch(m -> m.to().equals("p1") && m.kind().equals("COORDINATOR"));
                },
                () -> "p3 announces itself: " + net.held());
        c.start("p4");
        // p4 wins; deliver everything but keep p3's stale announcement to p1 for last.
        Await.until(
                CONVERGE,
                () -> {
                    net.deliver(m -> !(m.from().equals("p3")
                            && m.to().equals("p1")
                            && m.kind().equals("COORDINATOR")));
                    return c.proc("p4").election.leader().orElse("").equals("p4")
                            && c.proc("p1").election.leader().orElse("").equals("p4");
                },
                () -> "p4 wins first: " + c.beliefs());
        assertTrue(net.deliver((Message m) -> m.from().equals("p3") && m.kind().equals("COORDINATOR")));
        Await.until(
                CONVERGE,
                () -> {
                    net.deliver(m -> true);
                    return c.allFollow("p4");
                },
                () -> "all follow p4 again: " + c.beliefs());
        assertVerdict(c);
    }
}
