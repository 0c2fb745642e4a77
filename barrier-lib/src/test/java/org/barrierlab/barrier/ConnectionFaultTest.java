package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.Test;

/** Connection loss is not failure: a server restart or a leader change mid-wait, then the round completes. */
class ConnectionFaultTest {

    private static final List<String> IDS = List.of("p1", "p2", "p3");

    @Test
    void waitSurvivesAServerRestart() throws Exception {
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
            roundAcrossAFault(sessions, "/t/restart", server::restart);
        }
    }

    @Test
    void anArrivalInterruptedByConnectionLossIsNeitherDuplicatedNorLost() throws Exception {
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 6000)) {
            String path = "/t/arrival-loss";
            List<ZkBarrier> handles = new ArrayList<>();
            for (String id : IDS) {
                ZooKeeper zk = sessions.open();
                ZkBarrier.Builder b = ZkBarrier.builder(zk, path).members(IDS).participantId(id);
                if (id.equals("p1")) {
                    // the server restarts between "generation known" and p1's arrival write, every round
                    b.listener(e -> {
                        if (e.kind() == BarrierEvent.Kind.ARRIVE && e.generation() > 0) {
                            try {
                                server.restart();
                            } catch (Exception ex) {
                                throw new IllegalStateException(ex);
                            }
                        }
                    });
                }
                handles.add(b.build());
            }
            Participants.run(3, 120, i -> {
                for (int r = 0; r < 4; r++) {
                    handles.get(i).await(60, TimeUnit.SECONDS);
                }
                return null;
            });
            for (ZkBarrier h : handles) {
                assertEquals(3, h.generation());
            }
            ZooKeeper zk = sessions.open();
            List<String> last = zk.getChildren(path + "/g-0000000003", false);
            assertEquals(
                    3, last.stream().filter(k -> k.startsWith("r-")).count(), "three arrivals, none twice: " + last);
            // Slots ahead of use are created in the background, best effort: a creation lost to
            // the restarts is made on demand later, so after slot 3 both creations ahead (4 and 5)
            // may have been lost. What must hold is that slot 3 was created and none beyond two
            // ahead: gen's version (the highest slot) is 3, 4 or 5.
            int highest = zk.exists(path + "/gen", false).getVersion();
            assertTrue(highest >= 3 && highest <= 5, "slots 0..3, 0..4 or 0..5 created: " + highest);
            handles.forEach(ZkBarrier::close);
        }
    }

    @Test
    void roundCompletesWhenTheEnsembleLeaderIsKilled() throws Exception {
        try (TestingCluster cluster = ZkTestServers.ensemble();
                ZkSessions sessions = new ZkSessions(cluster.getConnectString(), 8000)) {
            roundAcrossAFault(sessions, "/t/leader", () -> {
                InstanceSpec leader = awaitLeader(cluster);
                assertTrue(cluster.killServer(leader), "leader killed");
            });
        }
    }

    interface Fault {
        void inject() throws Exception;
    }

    private static void roundAcrossAFault(ZkSessions sessions, String path, Fault fault) throws Exception {
        List<ZkBarrier> handles = new ArrayList<>();
        for (String id : IDS) {
            ZooKeeper zk = sessions.open();
            handles.add(
                    ZkBarrier.builder(zk, path).members(IDS).participantId(id).build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Participants.run(3, 60, i -> handles.get(i).await(30, TimeUnit.SECONDS)); // joined, ring set up
            BarrierStats before = handles.get(0).stats();
            Future<Integer> w1 = pool.submit(() -> handles.get(0).await(60, TimeUnit.SECONDS));
            Future<Integer> w2 = pool.submit(() -> handles.get(1).await(60, TimeUnit.SECONDS));
            awaitArrivals(sessions, path + "/g-0000000001", 2);
            fault.inject();
            int last = handles.get(2).await(60, TimeUnit.SECONDS);
            assertEquals(0, last);
            assertTrue(w1.get(60, TimeUnit.SECONDS) > 0);
            assertTrue(w2.get(60, TimeUnit.SECONDS) > 0);
            assertEquals(1, handles.get(0).generation());
            BarrierStats cost = handles.get(0).stats().minus(before);
            assertTrue(cost.requests() < 200, "no busy retry loop during the outage: " + cost);
            // and the barrier keeps working
            Participants.run(3, 60, i -> handles.get(i).await(30, TimeUnit.SECONDS));
            assertEquals(2, handles.get(2).generation());
        } finally {
            pool.shutdownNow();
            handles.forEach(ZkBarrier::close);
        }
    }

    private static InstanceSpec awaitLeader(TestingCluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            InstanceSpec leader = ZkTestServers.leader(cluster);
            if (leader != null) {
                return leader;
            }
            Thread.yield();
        }
        throw new AssertionError("no leader within 20 s");
    }

    static void awaitArrivals(ZkSessions sessions, String slotNode, int n) throws Exception {
        ServerWatches.awaitArrivals(sessions.open(), slotNode, n);
    }
}
