package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.BarrierHistory;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.Test;

/**
 * 1,000 consecutive generations with random delays injected between every step (before the
 * arrival write, after it, after passing), the whole history checked against the invariant
 * "nobody passes g before every member arrived at g; everyone who arrived at g passes g".
 */
class HistoryStressTest {

    private static void randomDelay() {
        int r = ThreadLocalRandom.current().nextInt(4);
        if (r > 0) {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(r * 300_000L));
        }
    }

    @Test
    void thousandGenerationsWithRandomDelaysKeepTheBarrierInvariant() throws Exception {
        int n = 3;
        int generations = 1000;
        String path = "/t/stress";
        BarrierHistory h = new BarrierHistory();
        List<String> ids = Participants.ids(n);
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
            Participants.run(n, 240, i -> {
                ZooKeeper zk = sessions.open();
                try (ZkBarrier b = ZkBarrier.builder(zk, path)
                        .members(ids)
                        .participantId(ids.get(i))
                        .listener(e -> {
                            switch (e.kind()) {
                                case ARRIVE -> h.arrive(path, e.participantId(), e.generation());
                                case PASS -> h.pass(path, e.participantId(), e.generation());
                                case BROKEN -> h.broken(path, e.participantId(), e.generation());
                                default -> {}
                            }
                            randomDelay(); // between "generation known" and the arrival write, and after passing
                        })
                        .build()) {
                    for (int g = 0; g < generations; g++) {
                        randomDelay();
                        b.await(30, TimeUnit.SECONDS);
                    }
                    return null;
                }
            });
            assertEquals(generations, h.check(path, new HashSet<>(ids)));
            // garbage: only a bounded window of generation nodes remains
            ZooKeeper zk = sessions.open();
            long slots = zk.getChildren(path, false).stream()
                    .filter(c -> c.startsWith("g-"))
                    .count();
            // the last three released (the oldest is collected by the next crossing's first arrival)
            // and two created ahead
            assertEquals(true, slots <= 5, "generation nodes left: " + zk.getChildren(path, false));
        }
    }

    @Test
    void doubleBarrierRoundsWithRandomDelaysKeepTheInvariant() throws Exception {
        int n = 4;
        int rounds = 150;
        String path = "/t/stress2";
        BarrierHistory h = new BarrierHistory();
        List<String> ids = Participants.ids(n);
        BarrierListener rec = ZkDoubleBarrierTest.recorder(h);
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
            Participants.run(n, 240, i -> {
                try (ZkDoubleBarrier b = ZkDoubleBarrier.builder(sessions.open(), path)
                        .members(ids)
                        .participantId(ids.get(i))
                        .listener(e -> {
                            rec.onEvent(e);
                            randomDelay();
                        })
                        .build()) {
                    for (int r = 0; r < rounds; r++) {
                        randomDelay();
                        b.enter(30, TimeUnit.SECONDS);
                        randomDelay();
                        b.leave(30, TimeUnit.SECONDS);
                    }
                    return null;
                }
            });
            assertEquals(rounds, h.check(path + ":enter", new HashSet<>(ids)));
            assertEquals(rounds, h.check(path + ":leave", new HashSet<>(ids)));
        }
    }
}
