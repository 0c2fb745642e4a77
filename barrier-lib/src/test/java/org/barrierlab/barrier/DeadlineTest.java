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
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failure class 3: every timed call returns within its timeout plus a round trip or two, whatever
 * it finds (here: a member that never comes; the slot it must arrive at deleted under it), and
 * never spins on requests meanwhile.
 */
class DeadlineTest {

    private static final List<String> IDS = List.of("p1", "p2");
    private TestingServer server;
    private ZkSessions sessions;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        server = ZkTestServers.single();
        sessions = new ZkSessions(server.getConnectString(), 4000);
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        sessions.close();
        server.close();
    }

    private ZkBarrier barrier(String path, String id) throws Exception {
        return ZkBarrier.builder(sessions.open(), path)
                .members(IDS)
                .participantId(id)
                .build();
    }

    @Test
    void aTimedAwaitForAMemberThatNeverComesReturnsWithinItsTimeout() throws Exception {
        ZkBarrier p1 = barrier("/t/deadline/absent", "p1");
        long ms = timed(() -> p1.await(1500, TimeUnit.MILLISECONDS));
        assertTrue(ms < 1500 + 1000, "await(1.5 s) took " + ms + " ms");
        p1.close();
    }

    @Test
    void aTimedAwaitWhoseSlotWasDeletedReturnsWithinItsTimeoutWithoutSpinning() throws Exception {
        String path = "/t/deadline/deleted";
        ZkBarrier p1 = barrier(path, "p1");
        ZkBarrier p2 = barrier(path, "p2");
        Participants.run(2, 30, i -> List.of(p1, p2).get(i).await(10, TimeUnit.SECONDS));
        ZooKeeper tamper = sessions.open();
        String next = path + "/g-0000000001";
        LaggingHandleTest.awaitExists(tamper, next);
        ZKUtil.deleteRecursive(tamper, next);
        long before = p1.stats().requests();
        long ms = timed(() -> p1.await(2, TimeUnit.SECONDS));
        long requests = p1.stats().requests() - before;
        assertTrue(ms < 2000 + 1000, "await(2 s) took " + ms + " ms");
        assertTrue(requests < 50, "await(2 s) at a deleted slot made " + requests + " requests (a spin)");
        p1.close();
        p2.close();
    }

    /**
     * A slot node created outside the protocol (ahead of {@code gen}) makes every creation of that
     * slot fail with NodeExists while {@code gen} never moves: the creation loop must not retry
     * that for ever. Crossings 1-5 pass (slot 5 even has its {@code open}); the crossing at slot 6
     * must create slot 5 first, and returns with a clear break instead of spinning.
     */
    @Test
    void aTimedAwaitWhoseSlotCannotBeCreatedReturnsWithoutSpinning() throws Exception {
        String path = "/t/deadline/forged";
        ZkBarrier p1 = ZkBarrier.builder(sessions.open(), path)
                .members(List.of("p1"))
                .participantId("p1")
                .build();
        assertEquals(0, p1.await(10, TimeUnit.SECONDS));
        ZooKeeper tamper = sessions.open();
        tamper.create(path + "/g-0000000005", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        tamper.create(path + "/g-0000000005/open", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int g = 1; g <= 5; g++) {
            assertEquals(0, p1.await(10, TimeUnit.SECONDS), "generation " + g);
        }
        long before = p1.stats().requests();
        Future<Integer> f = pool.submit(() -> p1.await(2, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        try {
            f.get(20, TimeUnit.SECONDS);
            throw new AssertionError("passed generation 6, which cannot be created");
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("await(2 s) at a slot that cannot be created did not return within 20 s" + " ("
                    + (p1.stats().requests() - before) + " requests meanwhile)");
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof ZkBrokenBarrierException, "a clear break, not " + e.getCause());
            assertTrue(
                    e.getCause().getMessage().contains("outside the barrier"),
                    e.getCause().getMessage());
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        long requests = p1.stats().requests() - before;
        assertTrue(ms < 2000 + 1000, "await(2 s) took " + ms + " ms");
        assertTrue(requests < 50, "await(2 s) made " + requests + " requests (a spin)");
        p1.close();
    }

    interface Call {
        int run() throws Exception;
    }

    /** Runs the call on its own thread; its time in ms; fails if it has not returned after 20 s. */
    private long timed(Call call) throws Exception {
        long t0 = System.nanoTime();
        Future<Integer> f = pool.submit(call::run);
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertTrue(
                    e.getCause() instanceof TimeoutException || e.getCause() instanceof ZkBrokenBarrierException,
                    "a timeout or a clear break, not " + e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("a timed call did not return within 20 s");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
