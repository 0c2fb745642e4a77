package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
 * The gap of design §6.1: the ring judges a death when every existing slot is already released
 * and the next slot does not exist yet (its background creation was lost). The survivors then
 * create that slot themselves and arrive there; they must be broken ("p3 died"), not wait for a
 * member that was judged dead before the slot existed. The same holds in parties mode: a death
 * there already breaks every open slot (even the ones created ahead that nobody reached), so
 * whether the survivors are broken must not depend on whether the next slot's background creation
 * had landed when the death was judged.
 */
class DeathBeforeNextSlotTest {

    private static final String PATH = "/t/next";
    private static final List<String> IDS = List.of("p1", "p2", "p3");

    @Test
    void aDeathJudgedBeforeTheNextSlotExistsBreaksThatSlot() throws Exception {
        deathBeforeNextSlot(true);
    }

    @Test
    void inPartiesModeTooADeathJudgedBeforeTheNextSlotExistsBreaksThatSlot() throws Exception {
        deathBeforeNextSlot(false);
    }

    private static void deathBeforeNextSlot(boolean restricted) throws Exception {
        List<BarrierEvent> events = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<InstrumentedZooKeeper> zk = new ArrayList<>();
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 2000)) {
            ZooKeeper admin = sessions.open();
            List<ZkBarrier> h = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                InstrumentedZooKeeper z = InstrumentedZooKeeper.open(server.getConnectString(), 2000);
                // every background creation of a slot ahead is lost: after slot 1 nothing exists ahead
                z.dropAsyncMultis(ops -> ops.get(0).getType() == org.apache.zookeeper.ZooDefs.OpCode.setData
                        && ops.get(0).getPath().equals(PATH + "/gen"));
                zk.add(z);
                ZkBarrier.Builder b = ZkBarrier.builder(z, PATH);
                (restricted ? b.members(IDS) : b.parties(3))
                        .participantId(IDS.get(i))
                        .listener(events::add);
                h.add(b.build());
            }
            Participants.run(3, 30, i -> h.get(i).await(10, TimeUnit.SECONDS));
            Participants.run(3, 30, i -> h.get(i).await(10, TimeUnit.SECONDS));
            assertNull(admin.exists(PATH + "/g-0000000002", false), "precondition: slot 2 does not exist yet");

            // p2 is p3's ring predecessor: it judges the death, listing the barrier's slots
            CountDownLatch judged = zk.get(1).nextListing(PATH::equals);
            zk.get(2).close(); // p3 dies (its session ends, no graceful close of its handle)
            assertTrue(judged.await(20, TimeUnit.SECONDS), "p2's ring never looked at the slots after p3 died");
            assertNull(admin.exists(PATH + "/live/p3", false), "p3's liveness node is gone");

            List<Future<Integer>> survivors =
                    List.of(pool.submit(() -> h.get(0).await(10, TimeUnit.SECONDS)), pool.submit(() -> h.get(1)
                            .await(10, TimeUnit.SECONDS)));
            for (Future<Integer> w : survivors) {
                try {
                    w.get(30, TimeUnit.SECONDS);
                    throw new AssertionError("a survivor passed generation 2 although p3 is dead");
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TimeoutException) {
                        throw new AssertionError(
                                "a survivor waited at generation 2 for p3, judged dead before the slot existed");
                    }
                    assertTrue(e.getCause() instanceof ZkBrokenBarrierException, "not " + e.getCause());
                    assertEquals("p3 died", ((ZkBrokenBarrierException) e.getCause()).reason());
                }
            }
            assertTrue(
                    events.stream().noneMatch(e -> e.kind() == BarrierEvent.Kind.PASS && e.generation() == 2),
                    "nobody passed generation 2: " + events);
            h.get(0).close();
            h.get(1).close();
            zk.get(0).close();
            zk.get(1).close();
        } finally {
            pool.shutdownNow();
        }
    }
}
