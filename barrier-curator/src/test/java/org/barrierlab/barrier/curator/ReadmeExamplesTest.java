package org.barrierlab.barrier.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.barrier.ZkBarrier;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use the library" examples, verbatim between the markers, compiled and run by
 * three participants each: if this file changes, the README must change with it.
 */
class ReadmeExamplesTest {

    private final ConcurrentHashMap<Integer, AtomicInteger> computed = new ConcurrentHashMap<>();

    private void compute(int round) {
        computed.computeIfAbsent(round, r -> new AtomicInteger()).incrementAndGet();
    }

    // README: raw ZooKeeper
    void rawZooKeeper(String connect) throws Exception {
        try (ZooKeeper zk = new ZooKeeper(connect, 10_000, event -> {});
                ZkBarrier barrier =
                        ZkBarrier.builder(zk, "/app/barriers/step").parties(3).build()) {
            for (int round = 0; round < 10; round++) {
                compute(round);
                barrier.await(30, TimeUnit.SECONDS); // all 3 arrive, then all pass
            }
        }
    }
    // README: end

    // README: Curator
    void curator(String connect) throws Exception {
        try (CuratorFramework client =
                CuratorFrameworkFactory.newClient(connect, new ExponentialBackoffRetry(100, 5))) {
            client.start();
            try (ZkBarrier barrier = CuratorBarriers.barrier(client.usingNamespace("app"), "/barriers/step")
                    .parties(3)
                    .build()) {
                for (int round = 0; round < 10; round++) {
                    compute(round);
                    barrier.await(30, TimeUnit.SECONDS); // at /app/barriers/step
                }
            }
        }
    }
    // README: end

    interface Example {
        void run(String connect) throws Exception;
    }

    @Test
    void rawZooKeeperExampleRunsTenRoundsWithThreeParticipants() throws Exception {
        runThree(this::rawZooKeeper);
    }

    @Test
    void curatorExampleRunsTenRoundsWithThreeParticipants() throws Exception {
        runThree(this::curator);
    }

    private void runThree(Example example) throws Exception {
        try (TestingServer server = CuratorFixtures.server()) {
            List<Callable<Void>> three = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                three.add(() -> {
                    example.run(server.getConnectString());
                    return null;
                });
            }
            CuratorFixtures.together(60, three);
        }
        assertEquals(10, computed.size());
        computed.forEach((round, n) -> assertEquals(3, n.get(), "round " + round + " computed by all three"));
    }
}
