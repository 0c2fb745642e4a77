package org.barrierlab.barrier.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.barrierlab.barrier.ZkBarrier;
import org.junit.jupiter.api.Test;

/**
 * Curator's SUSPENDED is not failure: a server restart or a leader kill mid-wait, then the round
 * completes for everybody on the same sessions, and the barrier keeps working.
 */
class CuratorConnectionFaultTest {

    private static final List<String> IDS = List.of("p1", "p2", "p3");

    interface Fault {
        void inject() throws Exception;
    }

    @Test
    void waitSurvivesAServerRestart() throws Exception {
        try (TestingServer server = new TestingServer(true)) {
            roundAcrossAFault(server.getConnectString(), "/app/restart", server::restart);
        }
    }

    @Test
    void waitSurvivesALeaderKillInAThreeServerEnsemble() throws Exception {
        try (TestingCluster cluster = CuratorFixtures.ensemble()) {
            roundAcrossAFault(cluster.getConnectString(), "/app/leader", () -> {
                InstanceSpec leader = CuratorFixtures.leader(cluster);
                assertTrue(cluster.killServer(leader), "leader killed");
            });
        }
    }

    private static void roundAcrossAFault(String connect, String path, Fault fault) throws Exception {
        List<CuratorFramework> clients = new ArrayList<>();
        List<ZkBarrier> handles = new ArrayList<>();
        List<ConnectionState> p1States = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (String id : IDS) {
                CuratorFramework c = CuratorFixtures.client(connect, 15_000);
                clients.add(c);
                handles.add(CuratorBarriers.barrier(c, path)
                        .members(IDS)
                        .participantId(id)
                        .build());
            }
            clients.get(0).getConnectionStateListenable().addListener((c, s) -> p1States.add(s));
            long session = clients.get(0).getZookeeperClient().getZooKeeper().getSessionId();
            roundOfAll(handles);

            Future<Integer> w1 = pool.submit(() -> handles.get(0).await(60, TimeUnit.SECONDS));
            Future<Integer> w2 = pool.submit(() -> handles.get(1).await(60, TimeUnit.SECONDS));
            CuratorFixtures.awaitCondition(
                    "p1 and p2 arrived at generation 1",
                    20,
                    () -> CuratorFixtures.arrived(clients.get(2), path + "/g-0000000001", 2));
            fault.inject();
            assertEquals(0, handles.get(2).await(60, TimeUnit.SECONDS));
            assertTrue(w1.get(60, TimeUnit.SECONDS) > 0);
            assertTrue(w2.get(60, TimeUnit.SECONDS) > 0);
            assertEquals(1, handles.get(0).generation());
            assertEquals(
                    session,
                    clients.get(0).getZookeeperClient().getZooKeeper().getSessionId(),
                    "the same session throughout: the fault was a connection loss, not an expiry");
            assertTrue(!p1States.contains(ConnectionState.LOST), "no LOST: " + p1States);

            roundOfAll(handles); // and the barrier keeps working
            assertEquals(2, handles.get(2).generation());
        } finally {
            pool.shutdownNow();
            handles.forEach(ZkBarrier::close);
            clients.forEach(CuratorFramework::close);
        }
    }

    private static void roundOfAll(List<ZkBarrier> handles) throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (ZkBarrier h : handles) {
            tasks.add(() -> h.await(60, TimeUnit.SECONDS));
        }
        CuratorFixtures.together(70, tasks);
    }
}
