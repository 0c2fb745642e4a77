package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.Test;

/**
 * Failure class 4: no watch outlives a wait, as the <em>server</em> sees it ({@code wchp}), also
 * when the release happens between a waiter's arrival and the watch it sets to wait.
 */
class WatchLeakTest {

    @Test
    void aWaiterThatFindsItsSlotAlreadyReleasedLeavesNoWatchOnTheServer() throws Exception {
        ServerWatches.enableAll();
        String path = "/t/leak";
        List<String> ids = List.of("p1", "p2");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
            InstrumentedZooKeeper zk1 = InstrumentedZooKeeper.open(server.getConnectString(), 4000);
            ZkBarrier p1 = ZkBarrier.builder(zk1, path)
                    .members(ids)
                    .participantId("p1")
                    .build();
            ZkBarrier p2 = ZkBarrier.builder(sessions.open(), path)
                    .members(ids)
                    .participantId("p2")
                    .build();
            Participants.run(2, 30, i -> List.of(p1, p2).get(i).await(10, TimeUnit.SECONDS));
            zk1.holdNextWatchedExists(p -> p.startsWith(path + "/g-"));
            Future<Integer> late = pool.submit(() -> p1.await(20, TimeUnit.SECONDS));
            assertTrue(zk1.existsHeld.await(20, TimeUnit.SECONDS), "p1 never started waiting");
            assertEquals(0, p2.await(10, TimeUnit.SECONDS), "p2 arrives last and releases");
            zk1.releaseExists.countDown();
            assertEquals(1, late.get(20, TimeUnit.SECONDS), "p1 passes with index 1");
            List<String> watched = ServerWatches.watchedPaths(server.getConnectString()).stream()
                    .filter(p -> p.startsWith(path + "/"))
                    .filter(p -> !p.startsWith(path + "/live"))
                    .toList();
            assertEquals(List.of(), watched, "watches left on the server after every wait returned");
            p1.close();
            p2.close();
            zk1.close();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A presence directory that does not exist yet when the handle subscribes: the subscription
     * watches for its creation; closing the handle removes that watch, and the removal itself
     * must not start a new listing that leaves a watch behind.
     */
    @Test
    void closingAHandleWhosePresenceDirectoryIsMissingLeavesNoWatchOnTheServer() throws Exception {
        ServerWatches.enableAll();
        String dir = "/t/absent/participants";
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
            ZooKeeper zk = sessions.open();
            ZkBarrier solo = ZkBarrier.builder(zk, "/t/solo")
                    .members(List.of("p1"))
                    .participantId("p1")
                    .presence(dir)
                    .build();
            assertEquals(0, solo.await(10, TimeUnit.SECONDS));
            assertEquals(
                    List.of(dir),
                    watchedUnder(server, "/t/absent"),
                    "precondition: the handle watches for the directory's creation");
            solo.close();
            ServerWatches.drainSession(zk, 4); // whatever the close set off on this session has run
            assertEquals(List.of(), watchedUnder(server, "/t/absent"), "watches left on the server after close");
        }
    }

    private static List<String> watchedUnder(TestingServer server, String prefix) throws Exception {
        return ServerWatches.watchedPaths(server.getConnectString()).stream()
                .filter(p -> p.startsWith(prefix))
                .toList();
    }
}
