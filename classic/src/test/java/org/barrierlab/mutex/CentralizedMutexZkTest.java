package org.barrierlab.mutex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.classic.ClassicVerdicts;
import org.barrierlab.election.BullyElection;
import org.barrierlab.messaging.Await;
import org.barrierlab.messaging.Endpoint;
import org.barrierlab.messaging.InMemoryCluster;
import org.barrierlab.messaging.ZkMembership;
import org.barrierlab.messaging.ZkTestSupport;
import org.barrierlab.messaging.ZkTransport;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.record.ZkTraceReader;
import org.barrierlab.runmodel.record.ZkTraceRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mutex on ZooKeeper: a holder whose session dies is noticed through its presence node. */
class CentralizedMutexZkTest {

    private static final List<String> IDS = List.of("p1", "p2", "p3");
    private static TestingServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestingServer(true);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private record Node(ZooKeeper zk, Endpoint ep, BullyElection election, CentralizedMutex mutex) {
        void close() throws InterruptedException {
            mutex.close();
            election.close();
            ep.close();
            zk.close();
        }
    }

    private static Node start(String id, RunLayout run) throws Exception {
        ZooKeeper zk = ZkTestSupport.connect(server.getConnectString());
        Endpoint ep = new Endpoint(new ZkTransport(zk, run, id), IDS, new ZkTraceRecorder(zk, run)::record);
        ZkMembership members = new ZkMembership(zk, run, id, ep.incarnation());
        members.join();
        BullyElection e = new BullyElection(ep, InMemoryCluster.FAST);
        CentralizedMutex m =
                new CentralizedMutex(ep, e, members, new CentralizedMutex.Timing(Duration.ofMillis(500), 3));
        ep.start();
        e.start();
        m.start();
        return new Node(zk, ep, e, m);
    }

    @Test
    void aHolderWhoseSessionDiesIsReleasedByTheCoordinator() throws Exception {
        try (ZooKeeper admin = ZkTestSupport.connect(server.getConnectString())) {
            RunLayout run = ZkTestSupport.newRun(admin, "mutex-holder-kill");
            ZkTraceRecorder launcher = new ZkTraceRecorder(admin, run);
            Map<String, Node> nodes = new TreeMap<>();
            for (String id : IDS) {
                nodes.put(id, start(id, run));
            }
            try {
                Await.until(
                        Duration.ofSeconds(10),
                        () -> nodes.values().stream()
                                        .allMatch(n -> n.election().leader().equals(Optional.of("p3")))
                                && nodes.get("p3").mutex().isCoordinator(),
                        () -> "p3 coordinates");
                CentralizedMutex.Ticket held = nodes.get("p1").mutex().request();
                held.awaitGrant(5, TimeUnit.SECONDS);
                CentralizedMutex.Ticket waiting = nodes.get("p2").mutex().request();
                Await.until(
                        Duration.ofSeconds(5),
                        () -> {
                            try {
                                return ZkTraceReader.readAll(admin, run).stream()
                                        .anyMatch(e -> e.is(EventType.ENQUEUE)
                                                && waiting.id().equals(e.attr("request")));
                            } catch (Exception ex) {
                                return false;
                            }
                        },
                        () -> "p2 queued");
                assertFalse(waiting.granted().isDone());
                launcher.record(
                        TraceEvent.of("launcher", EventType.KILL, "", -1).with("participant", "p1"));
                nodes.remove("p1").close(); // the session ends: p1's presence node disappears
                waiting.awaitGrant(10, TimeUnit.SECONDS);
                waiting.release();
            } finally {
                for (Node n : nodes.values()) {
                    n.close();
                }
            }
            List<TraceEvent> h = ZkTraceReader.readAll(admin, run);
            assertTrue(h.stream().anyMatch(e -> e.is(EventType.RELEASE) && "holder-died".equals(e.attr("reason"))));
            assertEquals(Optional.empty(), ClassicVerdicts.checkMutex(h));
            assertEquals(Optional.empty(), ClassicVerdicts.checkClock(h));
        }
    }
}
