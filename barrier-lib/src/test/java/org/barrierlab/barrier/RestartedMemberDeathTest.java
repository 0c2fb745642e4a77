package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A member that dies, is restarted with the same id (a new session announces it again in the
 * presence directory, and it re-joins the run like a restarted participant) and dies a second
 * time must be judged again. Its second death happens while it is in another barrier of the run,
 * so only the presence directory can tell the survivor, who waits at the barrier after a reset.
 * Before the fix a session judged each id once, and the survivor waited for the dead member.
 */
class RestartedMemberDeathTest {

    private static final String DIR = "/t/run/participants";
    private static final String PATH = "/t/run/barriers/b";
    private static final List<String> IDS = List.of("p1", "p2");

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<BarrierEvent> events = new CopyOnWriteArrayList<>();
    private TestingServer server;
    private ZkSessions sessions;
    private ZooKeeper admin;

    @BeforeEach
    void start() throws Exception {
        server = ZkTestServers.single();
        sessions = new ZkSessions(server.getConnectString(), 2000);
        admin = sessions.open();
        for (String p : List.of("/t", "/t/run", DIR)) {
            admin.create(p, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        sessions.close();
        server.close();
    }

    @Test
    void aRestartedMemberThatDiesAgainIsJudgedAgain() throws Exception {
        ZooKeeper zk1 = sessions.open();
        announce(zk1, "p1");
        ZkBarrier p1 = ZkBarrier.builder(zk1, PATH)
                .members(IDS)
                .participantId("p1")
                .presence(DIR)
                .listener(events::add)
                .build();

        // first incarnation of p2: announced, dies before it reaches the barrier
        ZooKeeper first = sessions.open();
        announce(first, "p2");
        Future<Integer> w = pool.submit(() -> p1.await());
        ServerWatches.awaitArrivals(admin, PATH + "/g-0000000000", 1);
        first.close();
        assertBrokenByP2(w, "the first death");

        // p2 restarts with the same id, announces itself again and passes another barrier of the run
        ZooKeeper second = sessions.open();
        announce(second, "p2");
        try (ZkBarrier warmup = ZkBarrier.builder(second, "/t/run/barriers/warmup")
                .members(List.of("p2"))
                .participantId("p2")
                .presence(DIR)
                .build()) {
            assertEquals(0, warmup.await(20, TimeUnit.SECONDS));
        }
        ServerWatches.drainSession(zk1, 3); // p1's session has listed the directory with p2 back
        p1.reset();
        long fresh = p1.generation();
        Future<Integer> again = pool.submit(() -> p1.await());
        ServerWatches.awaitArrivals(admin, PATH + String.format("/g-%010d", fresh), 1);
        second.close(); // the restarted p2 dies too, outside this barrier
        assertBrokenByP2(again, "the second death (after a restart)");
        p1.close();
    }

    private static void announce(ZooKeeper zk, String id) throws Exception {
        zk.create(DIR + "/" + id, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
    }

    private void assertBrokenByP2(Future<Integer> w, String which) throws InterruptedException {
        try {
            w.get(20, TimeUnit.SECONDS);
            throw new AssertionError("p1 passed although p2 never arrived (" + which + ")");
        } catch (TimeoutException e) {
            throw new AssertionError("p1 still waits for p2 20 s after " + which + " of p2; events " + events);
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof ZkBrokenBarrierException, "not " + e.getCause());
            assertEquals("p2 died", ((ZkBrokenBarrierException) e.getCause()).reason(), which);
        }
    }
}
