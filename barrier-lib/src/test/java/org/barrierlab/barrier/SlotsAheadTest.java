package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.BarrierHistory;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Back to back, every slot exists before a handle reaches it, so no handle ever looks for its
 * slot on its critical path. Two handles of a double barrier crossing as fast as they can are
 * the hardest case: the first arrival at slot s+1 asks for s+3 before the first arrival at s's
 * request for s+2 has reached the server. That request used to be dropped (its check of {@code
 * gen} failed), s+3 stayed missing, and whoever reached it listed the barrier and created it
 * itself: a listing and three more requests on the critical path every few crossings.
 */
class SlotsAheadTest {

    @ParameterizedTest(name = "member list: {0}")
    @ValueSource(booleans = {true, false})
    void backToBackNoHandleLooksForItsSlotOnItsCriticalPath(boolean restricted) throws Exception {
        int rounds = 300;
        String path = "/t/ahead-" + restricted;
        List<String> ids = Participants.ids(2);
        BarrierHistory history = new BarrierHistory();
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
            List<BarrierStats> costs = Participants.run(2, 120, i -> {
                ZooKeeper zk = sessions.open();
                ZkDoubleBarrier.Builder b = ZkDoubleBarrier.builder(zk, path)
                        .participantId(ids.get(i))
                        .listener(ZkDoubleBarrierTest.recorder(history));
                try (ZkDoubleBarrier barrier = (restricted ? b.members(ids) : b.parties(2)).build()) {
                    barrier.enter(20, TimeUnit.SECONDS); // joining reads the configuration: not counted
                    barrier.leave(20, TimeUnit.SECONDS);
                    BarrierStats before = barrier.stats();
                    for (int r = 0; r < rounds; r++) {
                        barrier.enter(20, TimeUnit.SECONDS);
                        barrier.leave(20, TimeUnit.SECONDS);
                    }
                    return barrier.stats().minus(before);
                }
            });
            assertEquals(rounds + 1, history.check(path + ":enter", new java.util.HashSet<>(ids)));
            assertEquals(rounds + 1, history.check(path + ":leave", new java.util.HashSet<>(ids)));
            for (int i = 0; i < 2; i++) {
                BarrierStats c = costs.get(i);
                assertEquals(0, c.callerBytesRead(), ids.get(i) + " listed or read on its critical path: " + c);
                // arrival, and for a waiter one exists (plus its removal when the release was there first)
                assertTrue(
                        c.callerRequests() <= 3L * 2 * rounds,
                        ids.get(i) + ": more than 3 requests per crossing on its critical path: " + c);
            }
        }
    }
}
