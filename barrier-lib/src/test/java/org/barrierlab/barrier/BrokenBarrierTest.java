package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CyclicBarrier's all-or-none model: timeout, interrupt, session expiry, reset. */
class BrokenBarrierTest {

    private static final List<String> IDS = List.of("p1", "p2", "p3");
    private static TestingServer server;
    private ZkSessions sessions;
    private ExecutorService pool;

    @BeforeAll
    static void start() throws Exception {
        server = ZkTestServers.single();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void open() {
        sessions = new ZkSessions(server.getConnectString(), 3000);
        pool = Executors.newCachedThreadPool();
    }

    @AfterEach
    void close() throws Exception {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "test threads did not stop");
        sessions.close();
    }

    private ZkBarrier barrier(String path, String id, List<BarrierEvent> events) throws Exception {
        return ZkBarrier.builder(sessions.open(), path)
                .members(IDS)
                .participantId(id)
                .listener(events::add)
                .build();
    }

    private static ZkBrokenBarrierException brokenOf(Future<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ZkBrokenBarrierException, "expected broken, got " + e.getCause());
        return (ZkBrokenBarrierException) e.getCause();
    }

    @Test
    void timeoutOfOneWaiterBreaksTheGenerationForOthersAndClosesItToArrivals() throws Exception {
        String path = "/t/timeout";
        List<BarrierEvent> events = new CopyOnWriteArrayList<>();
        ZkBarrier p1 = barrier(path, "p1", events);
        ZkBarrier p2 = barrier(path, "p2", events);
        ZkBarrier p3 = barrier(path, "p3", events);
        ZooKeeper observer = sessions.open();

        Future<Integer> waiting = pool.submit(() -> p2.await(20, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        assertThrows(TimeoutException.class, () -> p1.await(500, TimeUnit.MILLISECONDS));
        ZkBrokenBarrierException broken = brokenOf(waiting);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 3000, "others must be broken promptly, took " + ms + " ms");
        assertEquals("p1", broken.brokenBy());
        assertEquals("timeout", broken.reason());
        assertEquals(0, broken.generation());
        assertEquals(path, broken.barrierPath());
        assertNull(
                observer.exists(path + "/g-0000000000/open", false),
                "the broken slot takes no more arrivals, so nobody can count the timed-out one");
        assertTrue(p1.isBroken());
        assertTrue(events.stream()
                .anyMatch(e ->
                        e.kind() == BarrierEvent.Kind.BREAK && e.participantId().equals("p1")));
        assertTrue(events.stream()
                .anyMatch(e -> e.kind() == BarrierEvent.Kind.BROKEN
                        && e.participantId().equals("p2")
                        && e.reason().equals("p1 timeout")));

        // broken until reset, like CyclicBarrier; also for a member that never arrived
        assertEquals(
                "p1",
                assertThrows(ZkBrokenBarrierException.class, () -> p3.await(5, TimeUnit.SECONDS))
                        .brokenBy());
        assertThrows(ZkBrokenBarrierException.class, () -> p2.await(5, TimeUnit.SECONDS));

        p3.reset();
        assertEquals(1, p3.generation());
        List<Integer> indices =
                Participants.run(3, 30, i -> List.of(p1, p2, p3).get(i).await(10, TimeUnit.SECONDS));
        assertEquals(List.of(0, 1, 2), indices.stream().sorted().toList());
        assertEquals(1, p1.generation());
        assertFalse(p1.isBroken());
        p1.close();
        p2.close();
        p3.close();
    }

    @Test
    void interruptBreaksTheGenerationAndIsReportedAsInterruptedException() throws Exception {
        String path = "/t/interrupt";
        List<BarrierEvent> events = new CopyOnWriteArrayList<>();
        ZkBarrier p1 = barrier(path, "p1", events);
        ZkBarrier p2 = barrier(path, "p2", events);
        Future<Integer> waiting = pool.submit(() -> p1.await(20, TimeUnit.SECONDS));
        CompletableFuture<Throwable> interrupted = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                p2.await(20, TimeUnit.SECONDS);
                interrupted.complete(null);
            } catch (Throwable e) {
                interrupted.complete(e);
            }
        });
        t.start();
        awaitBlocked(t);
        t.interrupt();
        Throwable thrown = interrupted.get(10, TimeUnit.SECONDS);
        assertTrue(thrown instanceof InterruptedException, "got " + thrown);
        ZkBrokenBarrierException broken = brokenOf(waiting);
        assertEquals("p2", broken.brokenBy());
        assertEquals("interrupted", broken.reason());
        p1.close();
        p2.close();
    }

    @Test
    void sessionExpiryOfAWaiterBreaksTheGenerationForEveryonePromptly() throws Exception {
        String path = "/t/expiry";
        List<BarrierEvent> events = new CopyOnWriteArrayList<>();
        ZkBarrier p1 = barrier(path, "p1", events);
        ZooKeeper zk2 = sessions.open();
        ZkBarrier p2 =
                ZkBarrier.builder(zk2, path).members(IDS).participantId("p2").build();
        ZkBarrier p3 = barrier(path, "p3", events);
        // all three join (one crossing) so the liveness ring is established
        Participants.run(3, 30, i -> List.of(p1, p2, p3).get(i).await(10, TimeUnit.SECONDS));

        Future<Integer> w1 = pool.submit(() -> p1.await(30, TimeUnit.SECONDS));
        Future<Integer> w2 = pool.submit(() -> p2.await(30, TimeUnit.SECONDS));
        awaitArrivals(path + "/g-0000000001", 2);
        long t0 = System.nanoTime();
        sessions.expire(zk2);
        ZkBrokenBarrierException b1 = brokenOf(w1);
        ZkBrokenBarrierException b2 = brokenOf(w2);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < sessions.sessionTimeoutMs() + 2000, "broken within the session timeout, took " + ms);
        assertEquals("p2 died", b1.reason());
        assertEquals("p1", b1.brokenBy(), "p2's ring predecessor breaks the generation");
        assertEquals("session expired", b2.reason());
        assertThrows(ZkBrokenBarrierException.class, () -> p3.await(5, TimeUnit.SECONDS));
        p1.close();
        p2.close();
        p3.close();
    }

    @Test
    void resetWhileInsideADoubleBarrierBreaksTheLeaveAndStartsAFreshRound() throws Exception {
        String path = "/t/double-reset";
        List<String> ids = List.of("p1", "p2");
        ZkDoubleBarrier p1 = ZkDoubleBarrier.builder(sessions.open(), path)
                .members(ids)
                .participantId("p1")
                .build();
        ZkDoubleBarrier p2 = ZkDoubleBarrier.builder(sessions.open(), path)
                .members(ids)
                .participantId("p2")
                .build();
        Participants.run(2, 30, i -> List.of(p1, p2).get(i).enter(10, TimeUnit.SECONDS));
        p1.reset();
        ZkBrokenBarrierException e = assertThrows(ZkBrokenBarrierException.class, () -> p2.leave(5, TimeUnit.SECONDS));
        assertEquals("round 0 was reset while p2 was inside", e.reason());
        assertFalse(p2.isInside());
        assertEquals(
                "p1 is not inside " + path + "; call enter() first",
                assertThrows(IllegalStateException.class, p1::leave).getMessage());
        Participants.run(2, 30, i -> List.of(p1, p2).get(i).enter(10, TimeUnit.SECONDS));
        assertEquals(1, p1.generation());
        Participants.run(2, 30, i -> List.of(p1, p2).get(i).leave(10, TimeUnit.SECONDS));
        assertEquals(1, p2.generation());
        p1.close();
        p2.close();
    }

    @Test
    void aHandleIsSingleOwner() throws Exception {
        ZkBarrier p1 = barrier("/t/owner", "p1", new CopyOnWriteArrayList<>());
        Future<Integer> waiting = pool.submit(() -> p1.await(2, TimeUnit.SECONDS));
        awaitArrivals("/t/owner/g-0000000000", 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p1.await(1, TimeUnit.SECONDS));
        assertEquals(
                "barrier handle p1 on /t/owner is single-owner: another thread is already waiting on it;"
                        + " use one handle per thread",
                e.getMessage());
        ExecutionException ex = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertTrue(ex.getCause() instanceof TimeoutException);
        p1.close();
        p1.close(); // idempotent
        assertEquals(
                "barrier handle p1 on /t/owner is closed",
                assertThrows(IllegalStateException.class, p1::await).getMessage());
    }

    @Test
    void destroyRemovesEverything() throws Exception {
        ZooKeeper zk = sessions.open();
        ZkBarrier one = ZkBarrier.builder(zk, "/t/destroy/b").parties(1).build();
        for (int i = 0; i < 5; i++) {
            assertEquals(0, one.await(5, TimeUnit.SECONDS));
        }
        assertEquals(4, one.generation());
        assertNotNull(zk.exists("/t/destroy/b", false));
        one.destroy();
        assertNull(zk.exists("/t/destroy/b", false));
    }

    private void awaitArrivals(String slotNode, int n) throws Exception {
        ServerWatches.awaitArrivals(sessions.open(), slotNode, n);
    }

    static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (StackTraceElement f : t.getStackTrace()) {
                if (f.getClassName().equals(Deadline.class.getName())
                        && f.getMethodName().equals("acquire")) {
                    return;
                }
            }
            Thread.yield();
        }
        throw new AssertionError("thread " + t.getName() + " did not block on its watch within 10 s");
    }
}
