package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.Test;

/**
 * The client provider seam without Curator: a provider that replaces its session (as Curator does
 * after an expiry) and reports connection states. A handle never continues on a session it did
 * not join with; LOST breaks the generation it waits at with "session expired"; and the handle
 * re-joins on the provider's next session.
 */
class ClientProviderTest {

    private static final List<String> IDS = List.of("p1", "p2");

    /** A provider whose session the test replaces, and which reports states on demand. */
    private static final class SwitchingProvider implements ZkClientProvider {
        final AtomicReference<ZooKeeper> current;
        final List<Listener> listeners = new CopyOnWriteArrayList<>();

        SwitchingProvider(ZooKeeper zk) {
            current = new AtomicReference<>(zk);
        }

        @Override
        public ZooKeeper zooKeeper() {
            return current.get();
        }

        @Override
        public void addListener(Listener l) {
            listeners.add(l);
        }

        @Override
        public void removeListener(Listener l) {
            listeners.remove(l);
        }

        void report(ZkConnectionState s) {
            listeners.forEach(l -> l.stateChanged(s));
        }
    }

    @Test
    void anIdleHandleWhoseProviderSwitchedSessionsRejoinsOnTheNewSession() throws Exception {
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
            String path = "/t/provider-switch";
            ZooKeeper first = sessions.open();
            SwitchingProvider provider = new SwitchingProvider(first);
            ZkBarrier h1 = ZkBarrier.builderOn(provider, path)
                    .members(IDS)
                    .participantId("p1")
                    .build();
            ZkBarrier h2 = ZkBarrier.builder(sessions.open(), path)
                    .members(IDS)
                    .participantId("p2")
                    .build();
            Participants.run(2, 60, i -> (i == 0 ? h1 : h2).await(30, TimeUnit.SECONDS));

            ZooKeeper second = sessions.open();
            provider.current.set(second);
            first.close(); // the old session ends: p1's liveness node goes, p2 sees a death
            ZooKeeper observer = sessions.open();
            awaitTrue("p2's ring broke the open slots after p1's old session ended", () -> undecided(observer, path)
                    .isEmpty());
            h2.reset();

            Participants.run(2, 60, i -> (i == 0 ? h1 : h2).await(30, TimeUnit.SECONDS));
            Stat live = observer.exists(path + "/live/p1", false);
            assertTrue(
                    live != null && live.getEphemeralOwner() == second.getSessionId(),
                    "p1 re-joined on the provider's new session");
            h1.close();
            h2.close();
        }
    }

    @Test
    void lostBreaksTheWaitersGenerationWithSessionExpiredAndTheHandleCarriesOn() throws Exception {
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
            String path = "/t/provider-lost";
            SwitchingProvider provider = new SwitchingProvider(sessions.open());
            ZkBarrier h1 = ZkBarrier.builderOn(provider, path)
                    .members(IDS)
                    .participantId("p1")
                    .build();
            ZkBarrier h2 = ZkBarrier.builder(sessions.open(), path)
                    .members(IDS)
                    .participantId("p2")
                    .build();
            Participants.run(2, 60, i -> (i == 0 ? h1 : h2).await(30, TimeUnit.SECONDS));

            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> w1 = pool.submit(() -> h1.await(30, TimeUnit.SECONDS));
                ServerWatches.awaitArrivals(sessions.open(), path + "/g-0000000001", 1);
                provider.report(ZkConnectionState.SUSPENDED); // not failure
                provider.report(ZkConnectionState.RECONNECTED); // a re-check, still waiting
                assertTrue(!w1.isDone(), "SUSPENDED and RECONNECTED do not end the wait");
                provider.report(ZkConnectionState.LOST);
                ExecutionException e = assertThrows(ExecutionException.class, () -> w1.get(30, TimeUnit.SECONDS));
                ZkBrokenBarrierException b = assertInstanceOf(ZkBrokenBarrierException.class, e.getCause());
                assertEquals("session expired", b.reason());
            } finally {
                pool.shutdownNow();
            }
            // all-or-none: the generation is broken for the other member too, by p1
            ZkBrokenBarrierException b2 =
                    assertThrows(ZkBrokenBarrierException.class, () -> h2.await(30, TimeUnit.SECONDS));
            assertEquals("session expired", b2.reason(), b2.getMessage());
            h2.reset();
            Participants.run(2, 60, i -> (i == 0 ? h1 : h2).await(30, TimeUnit.SECONDS));
            h1.close();
            h2.close();
        }
    }

    private static List<String> undecided(ZooKeeper zk, String path) {
        try {
            List<String> open = new java.util.ArrayList<>();
            for (String k : zk.getChildren(path, false)) {
                if (!k.startsWith("g-")) {
                    continue;
                }
                List<String> kids = zk.getChildren(path + "/" + k, false);
                if (kids.contains("open") && !kids.contains(String.format("r-%010d", 2 * IDS.size()))) {
                    open.add(k);
                }
            }
            return open;
        } catch (Exception e) {
            return List.of(e.toString());
        }
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
