package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.BarrierHistory;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZkBarrierTest {

    private static TestingServer server;
    private ZkSessions sessions;

    @BeforeAll
    static void start() throws Exception {
        server = ZkTestServers.single();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void openSessions() {
        sessions = new ZkSessions(server.getConnectString(), 4000);
    }

    @AfterEach
    void closeSessions() throws Exception {
        sessions.close();
    }

    @Test
    void moreHandlesThanPartiesFormSuccessiveGenerationsOfExactlyPartiesEach() throws Exception {
        String path = "/t/surplus";
        BarrierHistory history = new BarrierHistory();
        List<ZkBarrier> handles = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            handles.add(ZkBarrier.builder(sessions.open(), path)
                    .parties(2)
                    .participantId("h" + i)
                    .listener(e -> {
                        if (e.kind() == BarrierEvent.Kind.PASS) {
                            history.pass(path, e.participantId(), e.generation());
                        }
                    })
                    .build());
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 5; round++) {
                // three concurrent awaits at parties 2: two pass this generation, the third is carried
                // into the next one, which one more await of a finished handle completes
                java.util.concurrent.CompletionService<Integer> done =
                        new java.util.concurrent.ExecutorCompletionService<>(pool);
                List<java.util.concurrent.Future<Integer>> fs = new java.util.ArrayList<>();
                for (ZkBarrier h : handles) {
                    fs.add(done.submit(() -> h.await(30, TimeUnit.SECONDS)));
                }
                java.util.concurrent.Future<Integer> first = done.poll(30, TimeUnit.SECONDS);
                assertTrue(first != null, "nobody passed within 30 s");
                first.get();
                ZkBarrier finished = handles.get(fs.indexOf(first));
                finished.await(30, TimeUnit.SECONDS);
                for (java.util.concurrent.Future<Integer> f : fs) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
            handles.forEach(ZkBarrier::close);
        }
        java.util.Map<Long, Long> perGeneration = new java.util.TreeMap<>();
        for (BarrierHistory.Entry e : history.entries()) {
            perGeneration.merge(e.generation(), 1L, Long::sum);
        }
        assertEquals(10, perGeneration.size(), "20 passes form 10 generations: " + perGeneration);
        perGeneration
                .values()
                .forEach(c -> assertEquals(2, c, "each generation passed by exactly 2: " + perGeneration));
    }

    @ParameterizedTest(name = "N={0}, {1} generations, restricted={2}")
    @CsvSource({"2, 30, true", "2, 30, false", "8, 10, true", "8, 10, false", "32, 4, true", "32, 4, false"})
    void everyoneCrossesEveryGenerationTogether(int n, int rounds, boolean restricted) throws Exception {
        String path = "/t/simple-" + n + "-" + restricted;
        BarrierHistory history = new BarrierHistory();
        List<String> ids = Participants.ids(n);
        List<BarrierStats> stats = Participants.run(n, 120, i -> {
            ZooKeeper zk = sessions.open();
            ZkBarrier.Builder b = ZkBarrier.builder(zk, path)
                    .participantId(ids.get(i))
                    .listener(e -> {
                        switch (e.kind()) {
                            case ARRIVE -> history.arrive(path, e.participantId(), e.generation());
                            case PASS -> {
                                history.pass(path, e.participantId(), e.generation());
                                if (e.wakeups() > 1 || (e.index() == 0 && e.wakeups() != 0)) {
                                    throw new AssertionError("wake-ups " + e.wakeups() + " at index " + e.index());
                                }
                            }
                            case BROKEN -> history.broken(path, e.participantId(), e.generation());
                            default -> {}
                        }
                    });
            b = restricted ? b.members(ids) : b.parties(n);
            try (ZkBarrier barrier = b.build()) {
                barrier.await(30, TimeUnit.SECONDS); // warm-up: config, liveness ring
                BarrierStats before = barrier.stats();
                for (int r = 0; r < rounds; r++) {
                    int index = barrier.await(30, TimeUnit.SECONDS);
                    assertTrue(index >= 0 && index < n, "index " + index);
                }
                return barrier.stats().minus(before);
            }
        });
        assertEquals(rounds + 1, history.check(path, new HashSet<>(ids)));
        BarrierStats total = stats.stream().reduce(BarrierStats.ZERO, BarrierStats::plus);
        double crossings = (double) n * rounds;
        System.out.printf(
                "N=%d restricted=%s per participant per crossing: requests %.2f notifications %.2f"
                        + " wakeups %.2f bytes %.1f%n",
                n,
                restricted,
                total.requests() / crossings,
                total.notifications() / crossings,
                total.wakeups() / crossings,
                total.bytesRead() / crossings);
        assertTrue(total.wakeups() <= (long) (n - 1) * rounds, "at most one wake-up per waiter: " + total);
    }
}
