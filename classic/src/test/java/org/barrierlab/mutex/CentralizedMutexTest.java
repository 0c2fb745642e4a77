package org.barrierlab.mutex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.barrierlab.classic.ClassicVerdicts;
import org.barrierlab.messaging.Await;
import org.barrierlab.messaging.InMemoryCluster;
import org.barrierlab.messaging.InMemoryNetwork;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CentralizedMutexTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static void assertVerdicts(InMemoryCluster c) {
        c.close();
        List<TraceEvent> h = c.sink.events();
        assertEquals(Optional.empty(), ClassicVerdicts.checkMutex(h));
        assertEquals(Optional.empty(), ClassicVerdicts.checkClock(h));
    }

    private static boolean queued(InMemoryCluster c, CentralizedMutex.Ticket t) {
        return c.sink.events().stream().anyMatch(e -> e.is(EventType.ENQUEUE) && t.id().equals(e.attr("request")));
    }

    @ParameterizedTest
    @EnumSource(
            value = InMemoryNetwork.Order.class,
            names = {"FIFO", "SHUFFLED", "CHAOS"})
    void contendedRequestsAreMutuallyExclusiveAndAllGranted(InMemoryNetwork.Order order) throws Exception {
        InMemoryCluster c = new InMemoryCluster(new InMemoryNetwork(21, order, 10), 4, true, InMemoryCluster.FAST);
        c.startAll();
        Await.until(WAIT, () -> c.allFollow("p4") && c.proc("p4").mutex.isCoordinator(), c::beliefs);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (String id : c.ids) {
                CentralizedMutex m = c.proc(id).mutex;
                fs.add(pool.submit(() -> {
                    for (int round = 0; round < 4; round++) {
                        // two outstanding requests at once
                        CentralizedMutex.Ticket a = m.request();
                        CentralizedMutex.Ticket b = m.request();
                        // under reordering b may be granted first: serve whichever comes
                        List<CentralizedMutex.Ticket> outstanding = new ArrayList<>(List.of(a, b));
                        while (!outstanding.isEmpty()) {
                            CompletableFuture.anyOf(outstanding.stream()
                                            .map(CentralizedMutex.Ticket::granted)
                                            .toArray(CompletableFuture[]::new))
                                    .get(10, TimeUnit.SECONDS);
                            CentralizedMutex.Ticket t = outstanding.stream()
                                    .filter(x -> x.granted().isDone())
                                    .findFirst()
                                    .orElseThrow();
                            outstanding.remove(t);
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            inside.decrementAndGet();
                            t.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target/mutex-debug.txt"), c.dump());
            throw e;
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, maxInside.get());
        assertEquals(32, c.sink.count(EventType.ACQUIRE));
        assertVerdicts(c);
        // The same real history with one release lost must fail: the next acquire overlaps.
        List<TraceEvent> broken = new ArrayList<>(c.sink.events());
        broken.remove(broken.stream()
                .filter(e -> e.is(EventType.RELEASE) && "done".equals(e.attr("reason")))
                .findFirst()
                .orElseThrow());
        Optional<String> verdict = ClassicVerdicts.checkMutex(broken);
        assertTrue(verdict.isPresent() && verdict.get().contains("holds"), "lost release detected: " + verdict);
    }

    @Test
    void aSlowCriticalSectionDoesNotBlockTheGrantReleasePath() throws Exception {
        InMemoryCluster c = new InMemoryCluster(InMemoryNetwork.fifo(), 3, true, InMemoryCluster.FAST);
        c.startAll();
        Await.until(WAIT, () -> c.allFollow("p3") && c.proc("p3").mutex.isCoordinator(), c::beliefs);
        CentralizedMutex.Ticket held = c.proc("p1").mutex.request();
        held.awaitGrant(5, TimeUnit.SECONDS);
        // A callback-style critical section that blocks its thread until told to finish.
        CompletableFuture<Void> finish = new CompletableFuture<>();
        CentralizedMutex.Ticket second = c.proc("p1").mutex.request();
        CompletableFuture<Void> secondDone = second.granted().thenRunAsync(() -> finish.join());
        Await.until(WAIT, () -> queued(c, second), () -> "p1's second request queued");
        CentralizedMutex.Ticket other = c.proc("p2").mutex.request();
        // While p1 holds, p1 can still release, p2 queues, and the election still answers.
        assertEquals(Optional.of("p3"), c.proc("p1").election.leader());
        held.release();
        try {
            second.awaitGrant(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target/mutex-debug.txt"), c.dump());
            throw e;
        }
        assertFalse(other.granted().isDone(), "p2 waits while p1's second request holds");
        finish.complete(null);
        secondDone.get(5, TimeUnit.SECONDS);
        second.release();
        other.awaitGrant(5, TimeUnit.SECONDS);
        other.release();
        assertVerdicts(c);
    }

    @Test
    void coordinatorKillRebuildsTheQueueAndEveryLiveRequestIsGranted() throws Exception {
        InMemoryCluster c = new InMemoryCluster(
                new InMemoryNetwork(4, InMemoryNetwork.Order.SHUFFLED, 5), 4, true, InMemoryCluster.FAST);
        c.startAll();
        Await.until(WAIT, () -> c.allFollow("p4") && c.proc("p4").mutex.isCoordinator(), c::beliefs);
        CentralizedMutex.Ticket holder = c.proc("p1").mutex.request();
        holder.awaitGrant(5, TimeUnit.SECONDS);
        CentralizedMutex.Ticket w2 = c.proc("p2").mutex.request();
        CentralizedMutex.Ticket w3 = c.proc("p3").mutex.request();
        CentralizedMutex.Ticket w4 = c.proc("p4").mutex.request();
        Await.until(WAIT, () -> c.sink.count(EventType.ENQUEUE) >= 4, () -> "all queued at p4");
        c.kill("p4");
        Await.until(WAIT, () -> c.allFollow("p3") && c.proc("p3").mutex.isCoordinator(), c::beliefs);
        assertFalse(w2.granted().isDone() || w3.granted().isDone(), "p1 still holds after the rebuild");
        holder.release();
        // w2 and w3 are concurrent requests: the rebuilt queue orders them by Lamport time
        CompletableFuture.anyOf(w2.granted(), w3.granted()).get(10, TimeUnit.SECONDS);
        CentralizedMutex.Ticket first = w2.granted().isDone() ? w2 : w3;
        CentralizedMutex.Ticket then = first == w2 ? w3 : w2;
        assertFalse(then.granted().isDone(), "one at a time");
        first.release();
        then.awaitGrant(10, TimeUnit.SECONDS);
        then.release();
        assertFalse(w4.granted().isDone());
        assertTrue(c.sink.events().stream().anyMatch(e -> e.is(EventType.ENQUEUE) && "true".equals(e.attr("rebuilt"))));
        assertVerdicts(c);
    }

    @Test
    void deadHolderIsNoticedAndTheCoordinatorMovesOn() throws Exception {
        InMemoryCluster c = new InMemoryCluster(InMemoryNetwork.fifo(), 3, true, InMemoryCluster.FAST);
        c.startAll();
        Await.until(WAIT, () -> c.allFollow("p3") && c.proc("p3").mutex.isCoordinator(), c::beliefs);
        CentralizedMutex.Ticket t1 = c.proc("p1").mutex.request();
        t1.awaitGrant(5, TimeUnit.SECONDS);
        CentralizedMutex.Ticket t2 = c.proc("p2").mutex.request();
        Await.until(WAIT, () -> c.sink.count(EventType.ENQUEUE) >= 2, () -> "p2 queued");
        c.kill("p1");
        t2.awaitGrant(5, TimeUnit.SECONDS);
        t2.release();
        assertTrue(c.sink.events().stream()
                .anyMatch(e -> e.is(EventType.RELEASE) && "holder-died".equals(e.attr("reason"))));
        assertVerdicts(c);
    }
}
