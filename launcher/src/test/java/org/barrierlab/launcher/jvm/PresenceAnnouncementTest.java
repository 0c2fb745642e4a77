package org.barrierlab.launcher.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
            first.close();
            second.close();
            admin.close();
        }
    }

    private static void createRun(ZooKeeper admin) throws Exception {
        for (String p : List.of("/barrierlab", RunLayout.RUNS_ROOT, RUN.root(), RUN.participants(), RUN.barriers())) {
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
