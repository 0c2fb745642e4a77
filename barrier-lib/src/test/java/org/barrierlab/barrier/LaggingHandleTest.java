package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.Test;

/**
 * Failure class 2: a handle on a slow link in parties mode is counted in generation g; the fast
 * handles run g+1 and g+2 and garbage collection removes g before the slow handle sets its watch.
 * Its untimed {@code await()} must fail with a clear message, never hang.
 */
class LaggingHandleTest {

    @Test
    void aHandleThatFellBehindGarbageCollectionFailsClearlyAndNeverHangs() throws Exception {
        String path = "/t/lag";
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 2000)) {
            InstrumentedZooKeeper slowZk = InstrumentedZooKeeper.open(server.getConnectString(), 2000);
            ZkBarrier slow = ZkBarrier.builder(slowZk, path)
                    .parties(2)
                    .participantId("slow")
                    .build();
            ZkBarrier a = ZkBarrier.builder(sessions.open(), path)
                    .parties(2)
                    .participantId("a")
                    .build();
            ZkBarrier b = ZkBarrier.builder(sessions.open(), path)
                    .parties(2)
                    .participantId("b")
                    .build();
            slowZk.holdNextWatchedExists(p -> p.startsWith(path + "/g-"));
            Future<Integer> lagging = pool.submit(() -> slow.await());
            assertTrue(slowZk.existsHeld.await(20, TimeUnit.SECONDS), "the slow handle never started waiting");
            assertEquals(0, a.await(10, TimeUnit.SECONDS), "a completes generation 0 with the slow handle");
            for (int g = 1; g <= 3; g++) {
                Participants.run(2, 30, i -> List.of(a, b).get(i).await(10, TimeUnit.SECONDS));
            }
            ZooKeeper observer = sessions.open();
            awaitGone(observer, path + "/g-0000000000");
            slowZk.releaseExists.countDown();
            try {
                lagging.get(20, TimeUnit.SECONDS);
                // passing is acceptable only if it is true: generation 0 did release with it
            } catch (TimeoutException e) {
                throw new AssertionError(
                        "the lagging handle's untimed await() hangs after its generation was collected");
            } catch (ExecutionException e) {
                assertTrue(
                        e.getCause() instanceof ZkBrokenBarrierException,
                        "a clear ZkBrokenBarrierException, not " + e.getCause());
                String reason = ((ZkBrokenBarrierException) e.getCause()).reason();
                assertTrue(reason.contains("collected") || reason.contains("deleted"), reason);
            }
            List.of(a, b, slow).forEach(ZkBarrier::close);
            slowZk.close();
        } finally {
            pool.shutdownNow();
        }
    }

    static void awaitExists(ZooKeeper zk, String node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            java.util.concurrent.CompletableFuture<Void> created = new java.util.concurrent.CompletableFuture<>();
            if (zk.exists(node, e -> created.complete(null)) != null) {
                return;
            }
            try {
                created.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError(node + " was not created within 20 s");
            }
        }
    }

    static void awaitGone(ZooKeeper zk, String node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (zk.exists(node, false) != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(node + " was not garbage-collected within 20 s");
            }
            java.util.concurrent.CompletableFuture<Void> gone = new java.util.concurrent.CompletableFuture<>();
            if (zk.exists(node, e -> gone.complete(null)) != null) {
                try {
                    gone.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // check again
                }
            }
        }
    }
}
