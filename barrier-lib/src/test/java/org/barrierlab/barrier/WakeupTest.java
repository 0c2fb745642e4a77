package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.InspectableZooKeeper;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly one wake-up per waiter per crossing, zero for the last arriver: the last participant
 * arrives only once all others are blocked on their watch, so every other one really waits.
 */
class WakeupTest {

    @ParameterizedTest(name = "member list: {0}")
    @ValueSource(booleans = {true, false})
    void everyWaiterIsWokenExactlyOncePerCrossingAndTheLastArriverNever(boolean restricted) throws Exception {
        int n = 10;
        int rounds = 5;
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
            List<String> ids = Participants.ids(n);
            List<ZkBarrier> barriers = new ArrayList<>();
            List<ZkDoubleBarrier> doubles = new ArrayList<>();
            List<InspectableZooKeeper> clients = new ArrayList<>();
            for (String id : ids) {
                ZooKeeper zk = sessions.open();
                clients.add((InspectableZooKeeper) zk);
                ZkBarrier.Builder b = ZkBarrier.builder(zk, "/t/wake").participantId(id);
                ZkDoubleBarrier.Builder d =
                        ZkDoubleBarrier.builder(zk, "/t/wake2").participantId(id);
                barriers.add((restricted ? b.members(ids) : b.parties(n)).build());
                doubles.add((restricted ? d.members(ids) : d.parties(n)).build());
            }
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                // warm-up: configuration agreement and the liveness ring are a one-time cost
                Participants.run(n, 30, i -> barriers.get(i).await(20, TimeUnit.SECONDS));
                Participants.run(n, 30, i -> doubles.get(i).enter(20, TimeUnit.SECONDS));
                Participants.run(n, 30, i -> doubles.get(i).leave(20, TimeUnit.SECONDS));
                for (int r = 0; r < rounds; r++) {
                    crossStaggered(
                            pool, barriers.size(), i -> barriers.get(i).await(20, TimeUnit.SECONDS), i -> barriers.get(
                                            i)
                                    .stats());
                    crossStaggered(pool, n, i -> doubles.get(i).enter(20, TimeUnit.SECONDS), i -> doubles.get(i)
                            .stats());
                    crossStaggered(pool, n, i -> doubles.get(i).leave(20, TimeUnit.SECONDS), i -> doubles.get(i)
                            .stats());
                    for (InspectableZooKeeper zk : clients) {
                        assertEquals(List.of(), zk.existWatches(), "no exists watch outlives a wait");
                        assertEquals(List.of(), zk.dataWatches(), "no data watch outlives a wait");
                        assertEquals(
                                List.of("/t/wake/live", "/t/wake2/live"),
                                zk.childWatches().stream().sorted().toList(),
                                "only the liveness ring's child watches");
                    }
                }
            } finally {
                pool.shutdownNow();
                barriers.forEach(ZkBarrier::close);
                doubles.forEach(ZkDoubleBarrier::close);
            }
        }
    }

    interface Call {
        int run(int i) throws Exception;
    }

    interface Stats {
        BarrierStats of(int i);
    }

    private static void crossStaggered(ExecutorService pool, int n, Call call, Stats stats) throws Exception {
        List<BarrierStats> before = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            before.add(stats.of(i));
        }
        List<Future<Integer>> waiters = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            int k = i;
            waiters.add(pool.submit(() -> {
                synchronized (threads) {
                    threads.add(Thread.currentThread());
                }
                return call.run(k);
            }));
        }
        awaitAllBlockedOnTheirWatch(threads, n - 1);
        assertEquals(0, call.run(n - 1), "the last arriver's index");
        for (Future<Integer> f : waiters) {
            f.get(20, TimeUnit.SECONDS);
        }
        int firsts = 0;
        for (int i = 0; i < n; i++) {
            BarrierStats d = stats.of(i).minus(before.get(i));
            assertEquals(i == n - 1 ? 0 : 1, d.wakeups(), "wake-ups of participant " + i + ": " + d);
            // the critical path, counted apart from the background: the releaser's one write; a
            // waiter's arrival and exists-watch, whoever does the background work
            assertEquals(i == n - 1 ? 1 : 2, d.callerRequests(), "requests participant " + i + " waited for: " + d);
            assertEquals(0, d.callerBytesRead(), "nothing read on the critical path: " + d);
            // background included: parties mode names the markers after the live handles, as a
            // member list does, instead of listing the old slot
            assertEquals(0, d.bytesRead(), "nothing read on the way: " + d);
            if (i == n - 1) {
                // the last arriver: its one arrival transaction is the release, and nothing else
                // (no collection competes with the notifications)
                assertEquals(1, d.requests(), "requests of the last arriver: " + d);
            } else if (d.requests() != 2) {
                // a waiter: arrival + exists-watch; the first to arrive also creates a slot ahead
                // and collects an old one, both asynchronous (sent, so counted, before it waits)
                assertTrue(d.requests() == 3 || d.requests() == 4, "requests of participant " + i + ": " + d);
                firsts++;
            }
        }
        assertEquals(1, firsts, "exactly one waiter (the first arrival) does the background work");
    }

    private static void awaitAllBlockedOnTheirWatch(List<Thread> threads, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            int blocked = 0;
            synchronized (threads) {
                for (Thread t : threads) {
                    for (StackTraceElement f : t.getStackTrace()) {
                        if (f.getClassName().equals(Deadline.class.getName())
                                && f.getMethodName().equals("acquire")) {
                            blocked++;
                            break;
                        }
                    }
                }
            }
            if (blocked == expected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + blocked + " of " + expected + " waiters blocked within 20 s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
