package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
 * The arrival counter is only a hint: the release transaction checks every member's arrival node,
 * so an inflated counter (e.g. a member that died and re-arrived) can never release early.
 */
class ReleaseVerificationTest {

    @Test
    void anInflatedArrivalCounterDoesNotReleaseBeforeEveryMemberArrived() throws Exception {
        List<String> ids = List.of("p1", "p2", "p3");
        String path = "/t/verify";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
            ZkBarrier p1 = ZkBarrier.builder(sessions.open(), path)
                    .members(ids)
                    .participantId("p1")
                    .build();
            ZkBarrier p2 = ZkBarrier.builder(sessions.open(), path)
                    .members(ids)
                    .participantId("p2")
                    .build();
            ZkBarrier p3 = ZkBarrier.builder(sessions.open(), path)
                    .members(ids)
                    .participantId("p3")
                    .build();
            Participants.run(3, 30, i -> List.of(p1, p2, p3).get(i).await(10, TimeUnit.SECONDS));

            ZooKeeper raw = sessions.open();
            String g = path + "/g-0000000001";
            Future<Integer> w1 = pool.submit(() -> p1.await(30, TimeUnit.SECONDS));
            ConnectionFaultTest.awaitArrivals(sessions, g, 1);
            raw.setData(g, new byte[0], -1); // a phantom count, as a restarted member's second arrival would leave
            Thread[] p2Thread = new Thread[1];
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            Future<Integer> w2 = pool.submit(() -> {
                p2Thread[0] = Thread.currentThread();
                started.countDown();
                return p2.await(30, TimeUnit.SECONDS);
            });
            started.await(10, TimeUnit.SECONDS);
            // p2 saw count == parties, its release transaction failed, and it now waits on its watch
            BrokenBarrierTest.awaitBlocked(p2Thread[0]);
            assertEquals(null, raw.exists(g + "/outcome", false), "released although p3 never arrived");
            assertFalse(w1.isDone() || w2.isDone(), "somebody passed before p3 arrived");
            p3.await(30, TimeUnit.SECONDS);
            w1.get(30, TimeUnit.SECONDS);
            w2.get(30, TimeUnit.SECONDS);
            assertEquals(1, p1.generation());
            assertEquals(1, p2.generation());
            List.of(p1, p2, p3).forEach(ZkBarrier::close);
        } finally {
            pool.shutdownNow();
        }
    }
}
