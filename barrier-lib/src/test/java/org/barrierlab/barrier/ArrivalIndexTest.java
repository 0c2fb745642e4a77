package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.Test;

/**
 * Failure class 6: arrival indexes are distinct within a generation, also when the reply to an
 * arrival is lost (committed on the server, ConnectionLoss at the client) and other members
 * arrive before the retry.
 */
class ArrivalIndexTest {

    @Test
    void indexesStayDistinctWhenTheFirstArrivalsReplyIsLost() throws Exception {
        String path = "/t/index";
        List<String> ids = List.of("p1", "p2", "p3");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
            InstrumentedZooKeeper zk3 = InstrumentedZooKeeper.open(server.getConnectString(), 4000);
            ZkBarrier p3 = ZkBarrier.builder(zk3, path)
                    .members(ids)
                    .participantId("p3")
                    .build();
            ZkBarrier p2 = ZkBarrier.builder(sessions.open(), path)
                    .members(ids)
                    .participantId("p2")
                    .build();
            ZkBarrier p1 = ZkBarrier.builder(sessions.open(), path)
                    .members(ids)
                    .participantId("p1")
                    .build();
            zk3.loseNextMultiReply(ops -> ops.stream()
                    .anyMatch(op -> op.getType() == org.apache.zookeeper.ZooDefs.OpCode.create
                            && op.getPath().endsWith("/a-p3")));
            Future<Integer> f3 = pool.submit(() -> p3.await(20, TimeUnit.SECONDS));
            assertTrue(zk3.multiCommitted.await(20, TimeUnit.SECONDS), "p3's arrival was never sent");
            Future<Integer> f2 = pool.submit(() -> p2.await(20, TimeUnit.SECONDS));
            ServerWatches.awaitArrivals(sessions.open(), path + "/g-0000000000", 2);
            Future<Integer> f1 = pool.submit(() -> p1.await(20, TimeUnit.SECONDS));
            ServerWatches.awaitArrivals(sessions.open(), path + "/g-0000000000", 3);
            zk3.releaseMultiReply.countDown();
            int i1 = f1.get(20, TimeUnit.SECONDS);
            int i2 = f2.get(20, TimeUnit.SECONDS);
            int i3 = f3.get(20, TimeUnit.SECONDS);
            assertEquals(1, zk3.lostReplies(), "the test lost exactly one reply");
            Set<Integer> distinct = new TreeSet<>(List.of(i1, i2, i3));
            assertEquals(Set.of(0, 1, 2), distinct, "indexes p1=" + i1 + " p2=" + i2 + " p3=" + i3);
            assertEquals(2, i3, "p3 arrived first");
            List.of(p1, p2, p3).forEach(ZkBarrier::close);
            zk3.close();
        } finally {
            pool.shutdownNow();
        }
    }
}
