package org.barrierlab.launcher.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.barrier.ZkBrokenBarrierException;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.runmodel.layout.RunLayout;
import org.junit.jupiter.api.Test;

/**
 * A participant's presence node is announced so that the barrier library can judge its death
 * even if it dies before anybody (itself included) listed the run's {@code participants/}: the
 * launcher's time kill before the victim's first barrier call, at the step gate.
 */
class PresenceAnnouncementTest {

    private static final RunLayout RUN = RunLayout.of("r-presence");

    @Test
    void aParticipantThatDiesBeforeAnyBarrierCallIsJudgedDead() throws Exception {
        try (EmbeddedZooKeeper server = EmbeddedZooKeeper.standalone(0)) {
            ZooKeeper admin = connect(server.connectString());
            createRun(admin);
            ZooKeeper victim = connect(server.connectString());
            ParticipantMain.announce(victim, RUN, "p2", bytes("host=h pid=2"));
            victim.close(); // p2 dies before its first barrier call; nobody has listed participants/ yet

            ZooKeeper survivor = connect(server.connectString());
            try (ZkBarrier p1 = ZkBarrier.builder(survivor, RUN.barrier("b"))
                    .members(List.of("p1", "p2"))
                    .participantId("p1")
                    .presence(RUN.participants())
                    .build()) {
                try {
                    p1.await(10, TimeUnit.SECONDS);
                    throw new AssertionError("p1 passed although p2 never arrived");
                } catch (TimeoutException e) {
                    throw new AssertionError("p1 waited 10 s for p2, which died before its first barrier call");
                } catch (ZkBrokenBarrierException e) {
                    assertEquals("p2 died", e.reason());
                }
            }
            survivor.close();
            admin.close();
        }
    }

    @Test
    void aRestartedParticipantAnnouncesItselfAgain() throws Exception {
        try (EmbeddedZooKeeper server = EmbeddedZooKeeper.standalone(0)) {
            ZooKeeper admin = connect(server.connectString());
            createRun(admin);
            ZooKeeper first = connect(server.connectString());
            ParticipantMain.announce(first, RUN, "p2", bytes("pid=1"));
            ZooKeeper second = connect(server.connectString());
            // the first incarnation's session is still alive (killed, not yet expired)
            ParticipantMain.announce(second, RUN, "p2", bytes("pid=2"));
            Stat st = new Stat();
            assertEquals("pid=2", new String(admin.getData(RUN.participant("p2"), false, st), StandardCharsets.UTF_8));
            assertEquals(second.getSessionId(), st.getEphemeralOwner(), "the new incarnation owns the node");
            assertNotNull(
                    admin.exists(ZkBarrier.presenceRecord(RUN.participants(), "p2"), false), "p2's record exists");
            List<String> kids = admin.getChildren(RUN.participants(), false);
            assertEquals(
                    1,
                    kids.stream().filter(k -> k.startsWith("+p2+")).count(),
                    "the restart recorded its incarnation, so a second death is judged unseen: " + kids);
            first.close();
            second.close();
            admin.close();
        }
    }

    /**
     * Presence records live as long as the directory, so the launcher keeps one directory per run:
     * {@code participants/} is inside the run's namespace, and a run id is never reused (the
     * launcher refuses to start a run whose root exists). A record left by an earlier run where
     * p2 died therefore cannot judge the p2 of the next run, which may start slowly.
     */
    @Test
    void aRecordFromAnEarlierRunDoesNotJudgeTheSameIdInTheNextRun() throws Exception {
        RunLayout next = RunLayout.of("r-presence-next");
        try (EmbeddedZooKeeper server = EmbeddedZooKeeper.standalone(0)) {
            ZooKeeper admin = connect(server.connectString());
            createRun(admin);
            ZooKeeper earlier = connect(server.connectString());
            ParticipantMain.announce(earlier, RUN, "p2", bytes("pid=1"));
            earlier.close(); // p2 died in the earlier run: its record stays there
            createRun(admin, next);
            assertTrue(
                    next.participants().startsWith(next.root() + "/")
                            && !next.participants().equals(RUN.participants()),
                    "each run has its own presence directory: " + next.participants());

            ZooKeeper zk1 = connect(server.connectString());
            ZooKeeper zk2 = connect(server.connectString());
            ParticipantMain.announce(zk1, next, "p1", bytes("pid=11"));
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (ZkBarrier p1 = handle(zk1, next, "p1");
                    ZkBarrier p2 = handle(zk2, next, "p2")) {
                Future<Integer> first = pool.submit(() -> p1.await(20, TimeUnit.SECONDS));
                awaitArrival(admin, next.barrier("b") + "/g-0000000000/a-p1");
                ParticipantMain.announce(zk2, next, "p2", bytes("pid=12")); // the slow starter
                assertEquals(0, p2.await(20, TimeUnit.SECONDS), "p2 arrives last");
                assertEquals(1, first.get(20, TimeUnit.SECONDS), "p1 passes: p2 of this run was never dead");
            } finally {
                pool.shutdownNow();
            }
            zk1.close();
            zk2.close();
            admin.close();
        }
    }

    private static ZkBarrier handle(ZooKeeper zk, RunLayout run, String id) {
        return ZkBarrier.builder(zk, run.barrier("b"))
                .members(List.of("p1", "p2"))
                .participantId(id)
                .presence(run.participants())
                .build();
    }

    /** Waits (at most 20 s) until the node exists. */
    private static void awaitArrival(ZooKeeper zk, String node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            CountDownLatch created = new CountDownLatch(1);
            if (zk.exists(node, e -> created.countDown()) != null) {
                return;
            }
            if (!created.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new AssertionError(node + " not created within 20 s");
            }
        }
    }

    private static void createRun(ZooKeeper admin) throws Exception {
        admin.create("/barrierlab", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        admin.create(RunLayout.RUNS_ROOT, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        createRun(admin, RUN);
    }

    private static void createRun(ZooKeeper admin, RunLayout run) throws Exception {
        for (String p : List.of(run.root(), run.participants(), run.barriers())) {
            admin.create(p, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ZooKeeper connect(String connect) throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, 2000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        });
        if (!up.await(20, TimeUnit.SECONDS)) {
            zk.close();
            throw new AssertionError("no ZooKeeper session within 20 s");
        }
        return zk;
    }
}
