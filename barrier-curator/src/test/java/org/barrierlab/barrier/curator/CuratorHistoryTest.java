package org.barrierlab.barrier.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.barrierlab.barrier.ZkBarrier;
import org.junit.jupiter.api.Test;

/**
 * The history invariant over a reuse stress run through Curator: nobody passes generation g
 * before every party arrived at g, each party passes every generation exactly once, and the
 * arrival indexes of a generation are distinct.
 */
class CuratorHistoryTest {

    private static final int PARTIES = 4;
    private static final int ROUNDS = 25;

    private record Step(long seq, int party, long round, boolean pass, int index) {}

    @Test
    void nobodyPassesAGenerationBeforeEverybodyArrived() throws Exception {
        try (TestingServer server = CuratorFixtures.server()) {
            List<CuratorFramework> clients = new ArrayList<>();
            List<ZkBarrier> handles = new ArrayList<>();
            AtomicLong clock = new AtomicLong();
            ConcurrentLinkedQueue<Step> history = new ConcurrentLinkedQueue<>();
            try {
                for (int p = 0; p < PARTIES; p++) {
                    CuratorFramework c = CuratorFixtures.client(server.getConnectString(), 5000);
                    clients.add(c);
                    handles.add(CuratorBarriers.barrier(c, "/app/history")
                            .parties(PARTIES)
                            .build());
                }
                List<Callable<Void>> parties = new ArrayList<>();
                for (int p = 0; p < PARTIES; p++) {
                    int party = p;
                    ZkBarrier h = handles.get(p);
                    parties.add(() -> {
                        for (long r = 0; r < ROUNDS; r++) {
                            history.add(new Step(clock.incrementAndGet(), party, r, false, -1));
                            int index = h.await(30, TimeUnit.SECONDS);
                            history.add(new Step(clock.incrementAndGet(), party, h.generation(), true, index));
                        }
                        return null;
                    });
                }
                CuratorFixtures.together(120, parties);
            } finally {
                handles.forEach(ZkBarrier::close);
                clients.forEach(CuratorFramework::close);
            }

            for (long g = 0; g < ROUNDS; g++) {
                long gen = g;
                List<Step> arrivals = history.stream()
                        .filter(s -> !s.pass() && s.round() == gen)
                        .toList();
                List<Step> passes = history.stream()
                        .filter(s -> s.pass() && s.round() == gen)
                        .toList();
                assertEquals(PARTIES, arrivals.size(), "arrivals at " + g);
                assertEquals(PARTIES, passes.size(), "each party passes generation " + g + " exactly once");
                long lastArrival = arrivals.stream().mapToLong(Step::seq).max().orElseThrow();
                long firstPass = passes.stream().mapToLong(Step::seq).min().orElseThrow();
                assertTrue(firstPass > lastArrival, "a pass of generation " + g + " before its last arrival");
                assertEquals(
                        List.of(0, 1, 2, 3),
                        passes.stream().map(Step::index).sorted().toList(),
                        "distinct arrival indexes at " + g);
            }
        }
    }
}
